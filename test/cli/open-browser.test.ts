import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../main/cli/open-browser.js';

const AUTH = 'https://accounts.google.com/o/oauth2/v2/auth?client_id=a&scope=b%20c&state=x|calc.exe&y=1';

describe('opening the browser', () => {
  it('on Windows passes the URL as one argument to url.dll, never through cmd /c start', () => {
    const { cmd, args } = browserCommand('win32', AUTH);
    expect(cmd).toBe('rundll32.exe');
    expect(args).toEqual(['url.dll,FileProtocolHandler', AUTH]);
    expect([cmd, ...args].join(' ')).not.toMatch(/\bcmd\b|\bstart\b/);
  });

  it('uses open on macOS and xdg-open elsewhere, with the URL as one argument', () => {
    expect(browserCommand('darwin', AUTH)).toEqual({ cmd: 'open', args: [AUTH] });
    expect(browserCommand('linux', AUTH)).toEqual({ cmd: 'xdg-open', args: [AUTH] });
  });

  it('opens only http(s) URLs', () => {
    expect(() => browserCommand('win32', 'file:///C:/Windows/System32/calc.exe')).toThrow(/file:/);
    expect(() => browserCommand('linux', '--help')).toThrow(/not a URL/);
  });
});
