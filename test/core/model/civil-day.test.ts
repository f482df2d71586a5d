import { describe, expect, it } from 'vitest';
import {
  addDays,
  civilDayAt,
  civilDayInZone,
  daysBetween,
  isCivilDay,
  noonAtOffset,
  noonInZone,
  parseOffsetMinutes,
  startOfDayInZone,
} from '../../../main/core/model/civil-day.js';
import { formatUtc, makeRecord, recordKey } from '../../../main/core/model/record.js';

const H = 3_600_000;

describe('civil days', () => {
  it('assigns an instant to the day of the data’s own offset, not UTC or the machine zone', () => {
    const t = Date.parse('2026-03-01T23:30:00Z');
    expect(civilDayAt(t, 0)).toBe('2026-03-01');
    expect(civilDayAt(t, 60)).toBe('2026-03-02'); // Paris: already tomorrow
    expect(civilDayAt(t, -300)).toBe('2026-03-01'); // New York
    expect(civilDayAt(Date.parse('2026-03-02T03:00:00Z'), -300)).toBe('2026-03-01');
  });

  it('makes the spring-forward day 23 hours and the fall-back day 25 hours long', () => {
    const spring = startOfDayInZone('2026-03-29', 'Europe/London');
    const springNext = startOfDayInZone('2026-03-30', 'Europe/London');
    expect((springNext - spring) / H).toBe(23);
    const fall = startOfDayInZone('2026-10-25', 'Europe/London');
    expect((startOfDayInZone('2026-10-26', 'Europe/London') - fall) / H).toBe(25);
    // 00:30 UTC on the fall-back day is still 01:30 BST → same civil day
    expect(civilDayInZone(Date.parse('2026-10-25T00:30:00Z'), 'Europe/London')).toBe('2026-10-25');
    expect(civilDayInZone(Date.parse('2026-10-25T23:30:00Z'), 'Europe/London')).toBe('2026-10-25');
  });

  it('stamps daily values at 12:00 local so no viewer sees them on another date', () => {
    expect(formatUtc(noonInZone('2025-08-03', 'Europe/London'))).toBe('2025-08-03T11:00:00Z');
    expect(formatUtc(noonInZone('2025-12-03', 'Europe/London'))).toBe('2025-12-03T12:00:00Z');
    expect(formatUtc(noonAtOffset('2025-08-03', 330))).toBe('2025-08-03T06:30:00Z');
    expect(formatUtc(noonInZone('2026-03-29', 'Europe/London'))).toBe('2026-03-29T11:00:00Z');
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kolkata']) {
      expect(civilDayInZone(noonInZone('2026-01-15', zone), zone)).toBe('2026-01-15');
    }
  });

  it('follows a trip: the same UTC hour falls on different days before and after the flight', () => {
    // Evening in New York after flying from London: offset changes from +0 to -5 mid-day
    const beforeFlight = Date.parse('2026-05-10T08:00:00Z');
    const afterLanding = Date.parse('2026-05-11T02:00:00Z');
    expect(civilDayAt(beforeFlight, 60)).toBe('2026-05-10');
    expect(civilDayAt(afterLanding, -240)).toBe('2026-05-10');
    expect(civilDayAt(afterLanding, 60)).toBe('2026-05-11');
  });

  it('validates and walks calendar days', () => {
    expect(isCivilDay('2024-02-29')).toBe(true);
    expect(isCivilDay('2025-02-29')).toBe(false);
    expect(isCivilDay('2025-2-1')).toBe(false);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-02-27', '2024-03-01')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });

  it('parses Google duration offsets and ±HH:MM offsets', () => {
    expect(parseOffsetMinutes('3600s')).toBe(60);
    expect(parseOffsetMinutes('-18000s')).toBe(-300);
    expect(parseOffsetMinutes('+05:30')).toBe(330);
    expect(parseOffsetMinutes('-0800')).toBe(-480);
    expect(() => parseOffsetMinutes('soon')).toThrow(/not a UTC offset/);
  });
});

describe('records', () => {
  it('formats UTC times without milliseconds unless they matter', () => {
    expect(formatUtc(Date.parse('2025-10-08T12:34:56Z'))).toBe('2025-10-08T12:34:56Z');
    expect(formatUtc(Date.parse('2025-10-08T12:34:56.250Z'))).toBe('2025-10-08T12:34:56.250Z');
  });

  it('drops non-finite fields and refuses a record with no field', () => {
    const r = makeRecord('RestingHR', 0, { Device: 'Charge 6' }, { value: 58, bad: Number.NaN, none: null });
    expect(r?.fields).toEqual({ value: 58 });
    expect(makeRecord('RestingHR', 0, {}, { value: undefined })).toBeUndefined();
  });

  it('gives the same key to the same sample whatever the tag order', () => {
    const a = { measurement: 'X', time: 't', tags: { a: '1', b: '2' }, fields: { v: 1 } };
    const b = { measurement: 'X', time: 't', tags: { b: '2', a: '1' }, fields: { v: 2 } };
    expect(recordKey(a)).toBe(recordKey(b));
    expect(recordKey({ ...a, tags: { a: '1' } })).not.toBe(recordKey(a));
  });
});
