import { describe, expect, it } from 'vitest';
import type { DataRecord } from '../../../main/core/model/record.js';
import { canonicalJson, canonicalRecord } from '../../../main/core/store/day-file.js';

/** The definition of a record's canonical JSON: JSON.stringify of the record rebuilt in canonical key order. */
const reference = (r: DataRecord): string => JSON.stringify(canonicalRecord(r));

describe('canonical JSON of a record', () => {
  const devices = ['Charge 6', 'Pixel "Watch" 3', 'Versa\\2', 'Sense ∞ 2', 'tab\there', '\u0000', ''];
  const values = [0, -0, 72, -3, 0.1, 1 / 3, 1e21, 1e-7, -123456.789, Number.MAX_SAFE_INTEGER];
  const times = [
    '2026-03-01T08:00:00.000Z',
    '2026-03-01T08:00:00Z',
    '2026-03-01T08:00:00+01:00',
    'not "a" time',
  ];

  it('is the same text as JSON.stringify of the canonical record, for every simple sample', () => {
    for (const Device of devices)
      for (const value of values)
        for (const time of times) {
          const r: DataRecord = {
            measurement: 'HeartRate_Intraday',
            time,
            tags: { Device },
            fields: { value },
          };
          expect(canonicalJson(r)).toBe(reference(r));
          expect(JSON.parse(canonicalJson(r))).toEqual(JSON.parse(reference(r)));
        }
  });

  it('is the same text for every other shape (no Device, more tags or fields, text fields, odd values)', () => {
    const odd: DataRecord[] = [
      { measurement: 'Steps', time: '2026-03-01T12:00:00Z', tags: {}, fields: { value: 5 } },
      {
        measurement: 'Steps',
        time: '2026-03-01T12:00:00Z',
        tags: { Device: 'a', Z: 'b' },
        fields: { value: 5 },
      },
      {
        measurement: 'Sleep',
        time: '2026-03-01T12:00:00Z',
        tags: { Device: 'a' },
        fields: { value: 1, b: 2 },
      },
      {
        measurement: 'SleepSummary',
        time: '2026-03-01T12:00:00Z',
        tags: { Device: 'a', isMainSleep: 'True' },
        fields: { endTime: '2026-03-01T13:00:00Z', minutesAsleep: 400 },
      },
      { measurement: 'm', time: 't', tags: { Device: 'a' }, fields: { value: Number.NaN } },
      { measurement: 'm', time: 't', tags: { Device: 'a' }, fields: { value: Number.POSITIVE_INFINITY } },
      { measurement: 'm', time: 't', tags: { Device: 7 as unknown as string }, fields: { value: 1 } },
      { measurement: 'm', time: 't', tags: { Device: 'a' }, fields: { value: '1' } },
      { measurement: 'quote " and \\', time: 't', tags: { Device: 'a' }, fields: { value: 1 } },
    ];
    for (const r of odd) expect(canonicalJson(r)).toBe(reference(r));
  });
});
