/**
 * Finds Chromium for the browser tests: $CHROME_PATH, else Debian's /usr/bin/chromium. When it is
 * missing and we are root with apt, installs Debian's package (never a browser a tool downloads).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  Boolean,
);

export function findChromium() {
  return candidates.find((path) => existsSync(path));
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(
      'Browser tests need Chromium: run `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROME_PATH to a Chromium or Chrome binary.',
    );
    process.exit(1);
  }
  console.log("Chromium not found: installing Debian's chromium package (apt-get install -y chromium)...");
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = findChromium();
  if (!installed) {
    console.error(
      'apt-get installed chromium but no binary was found at /usr/bin/chromium: set CHROME_PATH.',
    );
    process.exit(1);
  }
  return installed;
}
