import { describe, expect, it } from 'vitest';
import {
  civilDayRangeFilter,
  filterProblem,
  filterTypeName,
  physicalRangeFilter,
} from '../../../../../main/core/sources/google-health/filters.js';

describe('AIP-160 filters', () => {
  it('uses snake_case type names and only >= / < joined by AND', () => {
    const f = civilDayRangeFilter('daily-heart-rate-variability', 'daily', '2026-11-01', '2026-11-14');
    expect(f).toBe(
      'daily_heart_rate_variability.date >= "2026-11-01" AND daily_heart_rate_variability.date < "2026-11-15"',
    );
    expect(filterProblem(f)).toBeUndefined();
  });

  it('picks the field each record kind accepts', () => {
    expect(civilDayRangeFilter('steps', 'interval', '2026-11-01', '2026-11-01')).toContain(
      'steps.interval.civil_start_time >= "2026-11-01"',
    );
    expect(civilDayRangeFilter('heart-rate', 'sample', '2026-11-01', '2026-11-01')).toContain(
      'heart_rate.sample_time.civil_time < "2026-11-02"',
    );
    expect(civilDayRangeFilter('sleep', 'sleep', '2026-11-01', '2026-11-02')).toContain(
      'sleep.interval.civil_end_time',
    );
    expect(civilDayRangeFilter('sleep', 'sleep', '2026-11-01', '2026-11-02')).not.toContain('start_time');
    expect(civilDayRangeFilter('exercise', 'exercise', '2026-11-01', '2026-11-02')).toContain(
      'exercise.interval.civil_start_time',
    );
    expect(
      physicalRangeFilter(
        'body-fat',
        'sample',
        Date.parse('2026-11-01T00:00:00Z'),
        Date.parse('2026-11-02T00:00:00Z'),
      ),
    ).toBe(
      'body_fat.sample_time.physical_time >= "2026-11-01T00:00:00Z" AND body_fat.sample_time.physical_time < "2026-11-02T00:00:00Z"',
    );
    expect(physicalRangeFilter('sleep', 'sleep', 0, 1000)).toContain('sleep.interval.end_time');
  });

  it('crosses month and year ends correctly (end is exclusive)', () => {
    expect(civilDayRangeFilter('steps', 'interval', '2026-12-31', '2026-12-31')).toContain('< "2027-01-01"');
  });

  it('rejects invalid input instead of sending a filter the API refuses', () => {
    expect(() => filterTypeName('heartRate')).toThrow();
    expect(() => filterTypeName('heart_rate')).toThrow();
    expect(() => civilDayRangeFilter('steps', 'interval', '2026-11-05', '2026-11-01')).toThrow();
    expect(() => civilDayRangeFilter('steps', 'interval', '2026-02-30', '2026-03-01')).toThrow();
    expect(() => physicalRangeFilter('steps', 'interval', 1000, 1000)).toThrow();
  });

  it('flags filters the API would reject', () => {
    expect(filterProblem('heartRate.sampleTime.civilTime >= "2026-11-01"')).toMatch(/unsupported/);
    expect(filterProblem('steps.interval.civil_start_time > "2026-11-01"')).toMatch(/unsupported/);
    expect(filterProblem('steps.interval.civil_start_time <= "2026-11-01"')).toMatch(/unsupported/);
    expect(filterProblem('sleep.interval.end_time >= "a" OR sleep.interval.end_time < "b"')).toMatch(
      /unsupported/,
    );
  });
});
