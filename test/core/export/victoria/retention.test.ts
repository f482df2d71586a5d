import { describe, expect, it } from 'vitest';
import { parseRetention, retentionFromMetricsText } from '../../../../main/core/export/victoria/retention.js';

const DAY = 86_400_000;

describe('Victoria Metrics retention flag', () => {
  it('parses VM duration syntax (bare number = months of 31 days)', () => {
    expect(parseRetention('1')).toBe(31 * DAY);
    expect(parseRetention('100y')).toBe(100 * 365 * DAY);
    expect(parseRetention('2w')).toBe(14 * DAY);
    expect(parseRetention('36h')).toBe(1.5 * DAY);
    expect(parseRetention('abc')).toBeUndefined();
  });

  it('reads it from /metrics and from /flags', () => {
    expect(
      retentionFromMetricsText('x 1\nflag{name="retentionPeriod", value="1", is_set="false"} 1\n')?.ms,
    ).toBe(31 * DAY);
    expect(retentionFromMetricsText('-httpListenAddr=":8428"\n-retentionPeriod="30d"\n')?.raw).toBe('30d');
    expect(retentionFromMetricsText('vm_rows 5')).toBeUndefined();
  });
});
