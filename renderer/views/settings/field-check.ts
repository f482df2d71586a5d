/**
 * The Settings view's field values and checks: reading a value by path, the patch that sets one,
 * the check while typing (the common schema's rule for that field), and the core's verdict on save split per field.
 */
import {
  settingsPatchSchema,
  validateSettingField,
  type SettingsPatch,
} from '../../../common/settings-schema.js';
import type { FieldSpec } from '../parts/field-spec.js';

export function getPath(values: Readonly<Record<string, unknown>>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      values,
    );
}

/** The patch that sets one dotted path (the value has passed the field's check). */
export function patchFor(path: string, value: unknown): SettingsPatch {
  const keys = path.split('.');
  let patch: Record<string, unknown> = {};
  const root = patch;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) patch[k] = value;
    else {
      const next: Record<string, unknown> = {};
      patch[k] = next;
      patch = next;
    }
  });
  return settingsPatchSchema.parse(root);
}

/** Check while typing, with the field's rule from the common schema; the core checks the whole on save. */
export function quickCheck(spec: FieldSpec, raw: string): string | undefined {
  if (raw === '') return spec.optional === true ? undefined : 'is required';
  return validateSettingField(spec.path, spec.kind === 'int' ? Number(raw) : raw);
}

/** Splits the core's "- path (ENV): message" lines into per-path messages. */
export function messagesByPath(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of message.split('\n')) {
    const m = /^- ([\w.]+)(?: \([A-Z0-9_]+\))?: (.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) out.set(m[1], m[2]);
  }
  return out;
}
