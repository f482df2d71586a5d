/**
 * The demo's scenario: where the synthetic person lives and travels (home in London, a week in New
 * York), so the demo data crosses a DST change and a time-zone trip. Tests generate Takeout exports
 * with the same zones.
 */
import { addDays } from '../model/civil-day.js';
import type { CivilDay } from '../model/record.js';
import type { ZoneChange } from './synthetic-takeout.js';

/** Home in London with a week in New York a little past the middle of the range. */
export function demoZones(startDay: CivilDay, days: number): ZoneChange[] {
  const out = addDays(startDay, Math.floor(days * 0.6));
  const back = addDays(out, 7);
  return [
    { from: '', zone: 'Europe/London' },
    { from: `${out}T13:00:00Z`, zone: 'America/New_York' },
    { from: `${back}T12:00:00Z`, zone: 'Europe/London' },
  ];
}
