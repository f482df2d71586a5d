import { describe, expect, it } from 'vitest';
import { createLogger, RingSink } from '../../../main/core/log.js';

describe('log redaction', () => {
  it('never lets tokens, codes, secrets or Authorization headers reach a sink', () => {
    const ring = new RingSink();
    const log = createLogger('t', ring.sink, { level: 'debug' });
    log.info('callback GET /?code=4/0AbCdEf123&state=xyz', {
      headers: { Authorization: 'Bearer ya29.secret-token' },
    });
    log.error('refresh failed: {"refresh_token":"1//0gLongRefreshToken","error":"invalid_grant"}');
    log.warn('posting', {
      url: 'https://user:pa55@vm.example.com/api',
      client_secret: 'GOCSPX-abc',
      note: 'Basic dXNlcjpwYXNz',
    });
    const text = JSON.stringify(ring.recent());
    for (const secret of [
      '4/0AbCdEf123',
      'ya29.secret-token',
      '1//0gLongRefreshToken',
      'pa55',
      'GOCSPX-abc',
      'dXNlcjpwYXNz',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('invalid_grant');
    expect(text).toContain('state=xyz');
  });

  it('drops entries below the configured level', () => {
    const ring = new RingSink();
    const log = createLogger('t', ring.sink, { level: 'warn' });
    log.info('quiet');
    log.warn('loud');
    expect(ring.recent().map((e) => e.message)).toEqual(['loud']);
  });
});
