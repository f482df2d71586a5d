/**
 * One file of an export, wherever it lives (folder, zip part, extracted tgz). The importer only
 * sees these, so the family logic is the same for every input shape.
 */
import type { Readable } from 'node:stream';

export interface TakeoutEntry {
  /** Path below the export root (`Physical Activity_GoogleData/heart_rate_2024-10-27.csv`), `/`-separated. */
  readonly path: string;
  /** Where it came from, for the report (`takeout-001.zip:Takeout/Fitbit/…`). */
  readonly display: string;
  /** Which root it was found under. */
  readonly root: string;
  /** Uncompressed size in bytes (0 when unknown). */
  readonly size: number;
  /** Opens a fresh byte stream of the file's content. */
  open(): Promise<Readable>;
}

/** Top-level folders of an export root, used to recognise an already-extracted root folder. */
export const KNOWN_TOP_FOLDERS: readonly string[] = [
  'Global Export Data',
  'Physical Activity_GoogleData',
  'Health Fitness Data_GoogleData',
  'Heart Rate Variability',
  'Oxygen Saturation (SpO2)',
  'Temperature',
  'Paired Devices',
  'Your Profile',
  'User Profile_GoogleData',
  'Active Zone Minutes (AZM)',
  'Sleep Score',
  'Stress Score',
  'Daily Readiness',
];

/**
 * Splits an archive/folder path into (root, path below root): `Takeout/Fitbit/x` and
 * `Takeout/Google Health/x` (or the same without `Takeout/`), or an extracted root whose first
 * segment is a known export folder. Undefined for files outside any Fitbit/Google Health root.
 */
export function splitRoot(path: string): { root: string; rel: string } | undefined {
  const segs = path.split('/').filter((s) => s !== '' && s !== '.');
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i];
    if ((s === 'Fitbit' || s === 'Google Health') && (i === 0 || segs[i - 1] === 'Takeout')) {
      return { root: i > 0 ? `Takeout/${s}` : s, rel: segs.slice(i + 1).join('/') };
    }
  }
  if (segs.length > 1 && KNOWN_TOP_FOLDERS.includes(segs[0] ?? ''))
    return { root: '(extracted folder)', rel: segs.join('/') };
  return undefined;
}
