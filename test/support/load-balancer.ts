/**
 * A load balancer in miniature, for the replica tests: a TCP proxy on 127.0.0.1 that hands each
 * new connection to the next upstream in turn (round robin) and skips an upstream that refuses
 * connections, as a real one skips a failed backend. Being TCP, it never buffers: a Server-Sent
 * Events stream flows through as it is written, and ends when its replica goes away, which is
 * what a client must survive. docs/deployment.md has the nginx configuration this stands in for.
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

export interface LoadBalancer {
  url: string;
  port: number;
  /** Which upstream (its port) each accepted connection went to, in order. */
  routed: number[];
  close(): Promise<void>;
}

/** How long an upstream that refused a connection is skipped before it is tried again. */
const skipMs = 1000;

export async function startLoadBalancer(upstreams: Upstream[]): Promise<LoadBalancer> {
  if (upstreams.length === 0) throw new Error('a load balancer needs at least one upstream');
  let turn = 0;
  const downUntil = new Map<Upstream, number>();
  const sockets = new Set<Socket>();
  const routed: number[] = [];

  /** Connects to the next upstream that accepts, trying each at most once. */
  const connectNext = (attempt = 0): Promise<[Socket, Upstream]> => {
    if (attempt >= upstreams.length) return Promise.reject(new Error('no upstream accepts connections'));
    const now = Date.now();
    // Those marked down are tried last, not never: when every upstream was down, one may be back.
    const order = upstreams.map((_, i) => upstreams[(turn + i) % upstreams.length]);
    const upstream = order.find((u) => (downUntil.get(u) ?? 0) <= now) ?? order[0];
    turn = (upstreams.indexOf(upstream) + 1) % upstreams.length;
    return new Promise((resolve, reject) => {
      const socket = connect(upstream.port, upstream.host);
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        resolve([socket, upstream]);
      });
      socket.once('error', () => {
        downUntil.set(upstream, Date.now() + skipMs);
        connectNext(attempt + 1).then(resolve, reject);
      });
    });
  };

  const server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.pause();
    connectNext().then(
      ([backend, upstream]) => {
        routed.push(upstream.port);
        sockets.add(backend);
        backend.once('close', () => sockets.delete(backend));
        // Either side going away ends the other: a dead replica's streams end at the client.
        const end = () => {
          client.destroy();
          backend.destroy();
        };
        client.once('error', end).once('close', end);
        backend.once('error', end).once('close', end);
        client.pipe(backend);
        backend.pipe(client);
        client.resume();
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
