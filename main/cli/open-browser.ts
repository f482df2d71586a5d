/** Opens a URL in the system browser from the CLI (the tray app uses Electron's shell.openExternal). */
import { spawn } from 'node:child_process';
import { SyncBitError } from '../core/errors.js';
import type { OpenUrl } from '../core/ports.js';

/**
 * The program and argv that open `url` on `platform`. No shell is involved anywhere: on Windows
 * the URL goes to `rundll32 url.dll,FileProtocolHandler` as one argument, not through
 * `cmd /c start`, whose command line would run whatever follows a `|` or `&` in the URL.
 * Only http(s) URLs are opened.
 */
export function browserCommand(platform: NodeJS.Platform, url: string): { cmd: string; args: string[] } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SyncBitError('invalid-input', 'Refusing to open a browser at something that is not a URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new SyncBitError('invalid-input', `Refusing to open a browser at a ${parsed.protocol} URL.`);
  const href = parsed.href;
  if (platform === 'darwin') return { cmd: 'open', args: [href] };
  if (platform === 'win32') return { cmd: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', href] };
  return { cmd: 'xdg-open', args: [href] };
}

export const openBrowser: OpenUrl = (url) =>
  new Promise((resolve, reject) => {
    const { cmd, args } = browserCommand(process.platform, url);
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, shell: false, windowsHide: true });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
