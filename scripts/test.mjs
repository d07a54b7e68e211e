/**
 * `npm test`: every check, in the order that fails fastest. Typecheck, lint, the unit and
 * integration tests (vitest; PostgreSQL suites when reachable, always in CI), then the browser
 * tests in real Chromium (web-test-runner). Chromium is found (or installed) first: the end-to-end
 * suites under vitest drive it too.
 */
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './chromium.mjs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

const steps = [
  ['typecheck', bin('tsc'), ['--noEmit', '-p', '.']],
  ['lint', bin('biome'), ['check', '.']],
  ['unit and integration tests', bin('vitest'), ['run']],
  ['browser tests', bin('wtr'), ['--config', 'web-test-runner.config.mjs']],
];

const env = { ...process.env, CHROME_PATH: ensureChromium() };
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed`);
    process.exit(result.status ?? 1);
  }
}
console.log('\n✔ all checks passed');
