/** Opens a URL in the system browser from the CLI (the tray app uses Electron's shell.openExternal). */
import { spawn } from 'node:child_process';
import type { OpenUrl } from '../core/ports.js';

export const openBrowser: OpenUrl = (url) =>
  new Promise((resolve, reject) => {
    const [cmd, args] =
      process.platform === 'darwin'
        ? ['open', [url]]
        : process.platform === 'win32'
          ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
          : ['xdg-open', [url]];
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
