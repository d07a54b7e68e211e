// Mocha globals as web-test-runner provides them (no @types/mocha in this repo).
type MochaBody = () => Promise<unknown> | undefined;
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: MochaBody | (() => void)): void;
declare function before(body: MochaBody | (() => void)): void;
declare function beforeEach(body: MochaBody | (() => void)): void;
declare function afterEach(body: MochaBody | (() => void)): void;
