/**
 * A signature-checking S3 server on loopback: moto (a Python package of the machine image) started
 * through test/harness/moto-launcher.py, which creates an IAM user, its key and the bucket and then
 * requires every request to be signed with that key. s3rver accepts any secret; this one does not.
 * A machine without moto fails the tests that use it, with that message (they never skip).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { S3Server } from './s3-server.js';

const LAUNCHER = fileURLToPath(new URL('./moto-launcher.py', import.meta.url));

/** Starts moto with authentication on; resolves once the bucket and the key exist. */
export function startMoto(bucket = 'fitbit-archive'): Promise<S3Server> {
  const child = spawn('python3', [LAUNCHER, bucket], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => {
        resolve();
      });
      child.stdin.end();
      child.kill('SIGTERM');
    });
  return new Promise<S3Server>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`moto did not start within 30 s: ${stderr.trim()}`));
    }, 30_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run python3 for the moto S3 server: ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the moto S3 server exited (${String(code)}): ${stderr.trim() || 'no output'}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const info = JSON.parse(line) as { port: number; accessKeyId: string; secretAccessKey: string };
      resolve({
        endpoint: `http://127.0.0.1:${info.port}`,
        bucket,
        accessKeyId: info.accessKeyId,
        secretAccessKey: info.secretAccessKey,
        stop,
      });
    });
  });
}
