#!/usr/bin/env node
// Runs the whole vitest suite (inside a private D-Bus session with a real gnome-keyring Secret
// Service when the machine has one, so the keychain tests run for real) and ends with the one
// line CI reads: "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, '.tmp');
mkdirSync(outDir, { recursive: true });
const report = join(outDir, 'vitest-report.json');
rmSync(report, { force: true });

const vitest = [
  join(root, 'node_modules', 'vitest', 'vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const keyring = join(root, 'test', 'harness', 'with-keyring.sh');
const haveKeyring =
  existsSync(keyring) &&
  spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'], {
    stdio: 'ignore',
  }).status === 0;
const [cmd, args] = haveKeyring
  ? ['bash', [keyring, process.execPath, ...vitest]]
  : [process.execPath, vitest];
if (!haveKeyring)
  console.log('note: no dbus-run-session/gnome-keyring here; keychain integration tests will skip');
// The assembled-app test boots dist/ (what `npm start` runs); it must exist before vitest collects
// that test, so that its electron-free clock double applies to the built modules.
const build = spawnSync('npm', ['run', '--silent', 'build'], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
const res =
  build.status === 0
    ? spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env })
    : { status: build.status ?? 1 };

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0);
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} else {
  failed = 1;
}
if (res.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
