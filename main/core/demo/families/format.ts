/**
 * The vocabulary of the synthetic export: time units, device names, the export's folders, and the
 * timestamp and file-name forms real Takeout files use.
 */
import type { CivilDay } from '../../model/record.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const TRACKER = 'Charge 6';
export const PHONE = 'Pixel 8';
export const HR_MIRROR = 'Apple Health Health Kit';
export const STEPS_MIRROR = 'Fitbit App Health Connect';
/** Legacy exercise logs per numbered page (`exercise-0.json`, `exercise-100.json`, …). */
export const EXERCISE_PAGE = 100;

/** The export's folders (under `Takeout/<layout>/`). */
export const PA = 'Physical Activity_GoogleData/';
export const GED = 'Global Export Data/';
export const HFD = 'Health Fitness Data_GoogleData/';

export const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `MM/DD/YY HH:MM:SS` of wall-clock ms (the legacy JSON form). */
export function legacyStamp(wallMs: number): string {
  const iso = new Date(wallMs).toISOString();
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
}
export const isoZ = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
export const isoLocal = (wallMs: number): string => new Date(wallMs).toISOString().slice(0, 19);
export const offsetText = (min: number): string =>
  `${min < 0 ? '-' : '+'}${p2(Math.floor(Math.abs(min) / 60))}:${p2(Math.abs(min) % 60)}`;

export const monthEnd = (day: CivilDay): CivilDay => {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
export const monthFile = (day: CivilDay): string => `${day.slice(0, 7)}-01`;
