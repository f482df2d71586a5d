/**
 * The record: SyncBit's interchange unit, byte-compatible with what CromWell wrote to S3
 * (`{measurement, time, tags, fields}`), so existing pandas notebooks keep loading our files.
 */
import type { CivilDay, DataRecord, FieldValue, NumericRecord } from '../../../common/app-types.js';

/**
 * A civil (calendar) day of the user, `YYYY-MM-DD`, in the zone the data was recorded in; the
 * record and its field values (defined in common/, which the window shares).
 */
export type { CivilDay, DataRecord, FieldValue, NumericRecord };

/** Formats epoch milliseconds as the UTC ISO-8601 string records carry (`…Z`, milliseconds only when non-zero). */
export function formatUtc(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/**
 * A stable identity for a record: two records with the same key describe the same sample and the
 * newer one wins. Used for merging (re-import, overlapping exports) and for deterministic order.
 */
export function recordKey(r: DataRecord): string {
  const tagKeys = Object.keys(r.tags).sort();
  let key = `${r.measurement}\u0000${r.time}`;
  for (const k of tagKeys) key += `\u0000${k}=${r.tags[k] ?? ''}`;
  return key;
}

/** Builds a record with keys in canonical order (so JSON.stringify is deterministic), finite numbers and non-empty text only. */
export function makeRecord(
  measurement: string,
  epochMs: number,
  tags: Record<string, string>,
  fields: Record<string, FieldValue | null | undefined>,
): DataRecord | undefined {
  const cleanFields: Record<string, FieldValue> = {};
  let any = false;
  for (const k of Object.keys(fields).sort()) {
    const v = fields[k];
    if ((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v !== '')) {
      cleanFields[k] = v;
      any = true;
    }
  }
  if (!any) return undefined;
  const cleanTags: Record<string, string> = {};
  for (const k of Object.keys(tags).sort()) {
    const v = tags[k];
    if (v !== undefined) cleanTags[k] = v;
  }
  return { measurement, time: formatUtc(epochMs), tags: cleanTags, fields: cleanFields };
}

/** `records` without their text fields, for readers that only chart numbers (the renderer). */
export function numericFieldsOnly(records: readonly DataRecord[]): NumericRecord[] {
  return records.map((r) => {
    const fields: Record<string, number> = {};
    for (const [k, v] of Object.entries(r.fields)) if (typeof v === 'number') fields[k] = v;
    return { ...r, fields };
  });
}
