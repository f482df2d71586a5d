/**
 * The Settings view's field values and checks: reading a value by path, the patch that sets one,
 * the quick check while typing, and the core's verdict on save split per field.
 */
import type { FieldSpec } from '../parts/field-spec.js';

export function getPath(values: Readonly<Record<string, unknown>>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      values,
    );
}

export function patchFor(path: string, value: unknown): Record<string, unknown> {
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
  return root;
}

/** Quick check while typing; the core's schema has the last word on save. */
export function quickCheck(spec: FieldSpec, raw: string): string | undefined {
  if (raw === '') return spec.optional === true ? undefined : 'is required';
  if (spec.kind === 'int') {
    const n = Number(raw);
    if (!Number.isInteger(n)) return 'must be a whole number';
    if (spec.min !== undefined && n < spec.min) return `must be at least ${spec.min}`;
    if (spec.max !== undefined && n > spec.max) return `must be at most ${spec.max}`;
  }
  if (spec.kind === 'url') {
    try {
      const u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an http(s) URL';
    } catch {
      return 'must be an http(s) URL';
    }
  }
  if (spec.pattern !== undefined && !spec.pattern.test(raw)) return spec.patternMessage ?? 'is not valid';
  return undefined;
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
