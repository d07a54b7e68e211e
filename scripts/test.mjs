/**
 * `npm test`: every check, in the order that fails fastest. Typecheck, lint, the unit and
 * integration tests (vitest; PostgreSQL suites when reachable, always in CI), then the browser
 * tests in real Chromium (web-test-runner).
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

for (const [name, command, args] of steps) {
  const env = { ...process.env };
  if (name === 'browser tests') env.CHROME_PATH = ensureChromium();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed`);
    process.exit(result.status ?? 1);
  }
}
console.log('\n✔ all checks passed');
