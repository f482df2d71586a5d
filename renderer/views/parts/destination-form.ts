/**
 * The export destinations' form, for every view that edits it: the Victoria Metrics and S3 fields
 * and secrets (paths, labels, kinds, the hints the quick checks use), the enable checkbox, and the
 * "Test connection" button with its result. Settings draws the fields as its own saved-on-change
 * rows (`destinationGroup`); the first-run wizard draws them as one compact card per destination
 * (`destinationCard`) whose values it saves together.
 */
import type { DestinationName } from '../../../common/app-types.js';
import { api, call, errorMessage } from '../../bridge.js';
import { h } from '../../dom.js';
import type { FieldSpec, SecretSpec } from './field-spec.js';
import { labelled } from './labelled.js';

/** How a field shows on the wizard's compact card; a field without one is left to Settings. */
interface CompactField {
  readonly label: string;
  readonly placeholder?: string;
  /** Filled in at first, and saved when the field is left empty. */
  readonly initial?: string;
}

interface DestinationField extends FieldSpec {
  readonly compact?: CompactField;
}

interface DestinationSecret extends SecretSpec {
  readonly compact?: CompactField;
}

export interface DestinationSpec {
  readonly name: DestinationName;
  readonly title: string;
  /** What the destination does (Settings). */
  readonly description: string;
  /** A few words next to the title (wizard). */
  readonly tagline: string;
  /** The `<name>.enabled` switch. */
  readonly enabled: FieldSpec;
  readonly fields: readonly DestinationField[];
  readonly secrets: readonly DestinationSecret[];
}

export const DESTINATION_FORMS: Readonly<Record<DestinationName, DestinationSpec>> = {
  victoria: {
    name: 'victoria',
    title: 'Victoria Metrics',
    description: 'Send every sample to a Victoria Metrics server (Prometheus import API).',
    tagline: 'for Grafana dashboards',
    enabled: { path: 'victoria.enabled', label: 'Export to Victoria Metrics', kind: 'bool' },
    fields: [
      {
        path: 'victoria.endpoint',
        label: 'Endpoint URL',
        kind: 'url',
        optional: true,
        hint: 'the full import URL, e.g. http://nas.local:8428/api/v1/import/prometheus',
        compact: { label: 'Endpoint URL', placeholder: 'http://localhost:8428/api/v1/import/prometheus' },
      },
      {
        path: 'victoria.user',
        label: 'User (basic auth)',
        kind: 'text',
        optional: true,
        compact: { label: 'User', placeholder: 'optional' },
      },
    ],
    secrets: [
      {
        name: 'victoriaPassword',
        label: 'Password',
        hint: 'For basic auth. Write-only.',
        compact: { label: 'Password', placeholder: 'optional' },
      },
      { name: 'victoriaToken', label: 'Bearer token', hint: 'Instead of a password. Write-only.' },
    ],
  },
  s3: {
    name: 's3',
    title: 'Amazon S3',
    description: 'Copy each day file to a bucket (any S3-compatible service).',
    tagline: 'or any S3-compatible bucket',
    enabled: { path: 's3.enabled', label: 'Export to S3', kind: 'bool' },
    fields: [
      {
        path: 's3.bucket',
        label: 'Bucket',
        kind: 'text',
        optional: true,
        compact: { label: 'Bucket', placeholder: 'my-fitbit-archive' },
      },
      { path: 's3.prefix', label: 'Key prefix', kind: 'text', optional: true },
      {
        path: 's3.region',
        label: 'Region',
        kind: 'text',
        compact: { label: 'Region', initial: 'us-east-1' },
      },
      {
        path: 's3.endpoint',
        label: 'Endpoint URL',
        kind: 'url',
        optional: true,
        hint: 'Only for S3-compatible services (MinIO, Backblaze…).',
        compact: { label: 'Endpoint URL', placeholder: 'optional, for S3-compatible services' },
      },
      { path: 's3.forcePathStyle', label: 'Path-style URLs', kind: 'bool' },
      {
        path: 's3.accessKeyId',
        label: 'Access key ID',
        kind: 'text',
        optional: true,
        compact: { label: 'Access key ID', placeholder: 'AKIA…' },
      },
    ],
    secrets: [
      {
        name: 's3SecretAccessKey',
        label: 'Secret access key',
        hint: 'Write-only.',
        compact: { label: 'Secret access key' },
      },
    ],
  },
};

/** A destination as a Settings group: its switch and fields, then its secrets. */
export function destinationGroup(name: DestinationName): {
  readonly title: string;
  readonly description: string;
  readonly fields: readonly FieldSpec[];
  readonly secrets: readonly SecretSpec[];
} {
  const spec = DESTINATION_FORMS[name];
  return {
    title: spec.title,
    description: spec.description,
    fields: [spec.enabled, ...spec.fields],
    secrets: spec.secrets,
  };
}

/**
 * "Test connection" and its result (`data-test` / `data-test-result` = the destination): runs
 * `prepare` (saving what was typed) and then asks the core to reach the destination.
 */
export function testConnection(
  destination: DestinationName,
  prepare: () => Promise<void>,
  onStart: () => void = () => undefined,
): HTMLElement {
  const result = h('span', { class: 'tile-sub', role: 'status', 'data-test-result': destination });
  const b = h(
    'button',
    { class: 'button small', type: 'button', 'data-test': destination },
    'Test connection',
  );
  b.addEventListener('click', () => {
    onStart();
    result.className = 'tile-sub';
    result.textContent = 'Testing…';
    prepare()
      .then(() => call(api.export.testDestination({ destination })))
      .then((r) => {
        result.className = r.ok ? 'result-ok' : 'result-bad';
        result.textContent = r.message;
      })
      .catch((e: unknown) => {
        result.className = 'result-bad';
        result.textContent = errorMessage(e);
      });
  });
  return h('div', { class: 'inline' }, b, result);
}

/** One destination on a compact card: what it holds and what it saves. */
export interface DestinationCard {
  readonly element: HTMLElement;
  /** The destination's part of a settings patch (`enabled` and every field the card shows). */
  patch(): Record<string, unknown>;
  /** The secrets typed in (empty ones left out), in the order the card shows them. */
  secrets(): { name: SecretSpec['name']; value: string }[];
}

export interface DestinationCardOptions {
  /** The enable checkbox's id is `<idPrefix>-<destination>`. */
  readonly idPrefix: string;
  /** Saves what was typed before a connection test. */
  readonly prepare: () => Promise<void>;
  /** Called when a connection test starts (e.g. to clear an error line). */
  readonly onTest?: () => void;
}

const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

function compactInput(field: DestinationField, compact: CompactField): HTMLInputElement {
  return h('input', {
    type: field.kind === 'url' ? 'url' : 'text',
    placeholder: compact.placeholder,
    value: compact.initial,
    'data-path': field.path,
  });
}

function compactSecret(compact: CompactField): HTMLInputElement {
  return h('input', { type: 'password', placeholder: compact.placeholder, autocomplete: 'off' });
}

/** The destination `name` as a card: checkbox and title, its fields (shown while on), and the test. */
export function destinationCard(name: DestinationName, options: DestinationCardOptions): DestinationCard {
  const spec = DESTINATION_FORMS[name];
  const id = `${options.idPrefix}-${name}`;
  const on = h('input', { type: 'checkbox', id });
  const fields = spec.fields.flatMap((f) =>
    f.compact === undefined ? [] : [{ field: f, compact: f.compact, input: compactInput(f, f.compact) }],
  );
  const secrets = spec.secrets.flatMap((s) =>
    s.compact === undefined ? [] : [{ secret: s, compact: s.compact, input: compactSecret(s.compact) }],
  );
  const box = h(
    'div',
    { class: 'fields' },
    ...fields.map((f) => labelled(f.compact.label, f.input)),
    ...secrets.map((s) => labelled(s.compact.label, s.input)),
  );
  const toggle = (): void => {
    box.hidden = !on.checked;
  };
  on.addEventListener('change', toggle);
  toggle();
  const element = h(
    'div',
    { class: 'dest-card' },
    h(
      'label',
      { class: 'check', for: id },
      on,
      h('b', {}, spec.title),
      h('span', { class: 'tile-sub' }, spec.tagline),
    ),
    box,
    testConnection(name, options.prepare, options.onTest),
  );
  return {
    element,
    patch: () => {
      const patch: Record<string, unknown> = { enabled: on.checked };
      for (const f of fields) {
        const key = f.field.path.slice(name.length + 1);
        patch[key] = opt(f.input.value) ?? f.compact.initial ?? null;
      }
      return patch;
    },
    secrets: () =>
      secrets.flatMap((s) => (s.input.value === '' ? [] : [{ name: s.secret.name, value: s.input.value }])),
  };
}
