/** The machine a benchmark ran on, for the header of BENCHMARKS.md. */
import { cpus, totalmem } from 'node:os';

export function describeMachine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = `${Math.round(totalmem() / 2 ** 30)} GiB`;
  return `${cpus().length} × ${cpu}, ${memory} RAM, Node ${process.version}, ${process.platform}`;
}
