/**
 * Settings: every setting with inline validation (as you type, each field's rule from
 * common/settings-schema.ts; on save, the core's check of the whole, whose messages are shown
 * next to the field they name), secrets write-only (the
 * view only learns whether one is set), values fixed by environment variables shown read-only, and
 * sign-out.
 */
import type { PublicSettings } from '../../common/app-types.js';
import {
  settingsPatchSchema,
  validateSettingField,
  type SecretName,
  type SettingsPatch,
} from '../../common/settings-schema.js';
import { BridgeError, api, call, errorMessage } from '../bridge.js';
import { errorState, h, loading, replace } from '../dom.js';
import type { View, ViewContext } from '../view-context.js';

type Kind = 'int' | 'text' | 'url' | 'bool' | 'select';

interface FieldSpec {
  readonly path: string;
  readonly label: string;
  readonly kind: Kind;
  readonly hint?: string;
  readonly options?: readonly string[];
  /** An empty field clears the setting (instead of being "required"). */
  readonly optional?: boolean;
  /** Shown but never changed from the window (set in the environment or config.json only). */
  readonly appLocked?: boolean;
}

interface SecretSpec {
  readonly name: SecretName;
  readonly label: string;
  readonly hint: string;
}

interface Group {
  readonly title: string;
  readonly description: string;
  readonly fields: readonly FieldSpec[];
  readonly secrets?: readonly SecretSpec[];
}

const GROUPS: readonly Group[] = [
  {
    title: 'Syncing',
    description: 'How often SyncBit asks Google for new data and how far back it goes.',
    fields: [
      {
        path: 'syncIntervalMinutes',
        label: 'Sync every (minutes)',
        kind: 'int',
        hint: 'Between 5 and 1440. Default 15.',
      },
      {
        path: 'backfillDays',
        label: 'Backfill (days)',
        kind: 'int',
        hint: 'How many past days the first sync fetches.',
      },
      {
        path: 'finalisationDays',
        label: 'Re-check recent days',
        kind: 'int',
        hint: 'Phones upload late: recent days are re-read until they stop changing.',
      },
      {
        path: 'timezone',
        label: 'Time zone',
        kind: 'text',
        optional: true,
        hint: 'IANA name such as Europe/London. Empty: use the zone in your data.',
      },
    ],
  },
  {
    title: 'Google account',
    description:
      'The OAuth client SyncBit signs in with. The secret goes to your system keychain, never to the settings file.',
    fields: [
      {
        path: 'google.clientId',
        label: 'OAuth client ID',
        kind: 'text',
        optional: true,
        hint: 'Ends in .apps.googleusercontent.com',
      },
    ],
    secrets: [
      {
        name: 'googleClientSecret',
        label: 'OAuth client secret',
        hint: 'Write-only: SyncBit never shows it again.',
      },
    ],
  },
  {
    title: 'Local archive',
    description: 'One compressed JSON file per day in your data folder — readable without SyncBit.',
    fields: [{ path: 'archive.enabled', label: 'Keep the local archive', kind: 'bool' }],
  },
  {
    title: 'Victoria Metrics',
    description: 'Send every sample to a Victoria Metrics server (Prometheus import API).',
    fields: [
      { path: 'victoria.enabled', label: 'Export to Victoria Metrics', kind: 'bool' },
      {
        path: 'victoria.endpoint',
        label: 'Endpoint URL',
        kind: 'url',
        optional: true,
        hint: 'the full import URL, e.g. http://nas.local:8428/api/v1/import/prometheus',
      },
      { path: 'victoria.user', label: 'User (basic auth)', kind: 'text', optional: true },
    ],
    secrets: [
      { name: 'victoriaPassword', label: 'Password', hint: 'For basic auth. Write-only.' },
      { name: 'victoriaToken', label: 'Bearer token', hint: 'Instead of a password. Write-only.' },
    ],
  },
  {
    title: 'Amazon S3',
    description: 'Copy each day file to a bucket (any S3-compatible service).',
    fields: [
      { path: 's3.enabled', label: 'Export to S3', kind: 'bool' },
      { path: 's3.bucket', label: 'Bucket', kind: 'text', optional: true },
      { path: 's3.prefix', label: 'Key prefix', kind: 'text', optional: true },
      { path: 's3.region', label: 'Region', kind: 'text' },
      {
        path: 's3.endpoint',
        label: 'Endpoint URL',
        kind: 'url',
        optional: true,
        hint: 'Only for S3-compatible services (MinIO, Backblaze…).',
      },
      { path: 's3.forcePathStyle', label: 'Path-style URLs', kind: 'bool' },
      { path: 's3.accessKeyId', label: 'Access key ID', kind: 'text', optional: true },
    ],
    secrets: [{ name: 's3SecretAccessKey', label: 'Secret access key', hint: 'Write-only.' }],
  },
  {
    title: 'General',
    description: 'Everything else.',
    fields: [
      {
        path: 'userLabel',
        label: 'User label',
        kind: 'text',
        hint: 'Tags your data at the destinations.',
      },
      { path: 'logLevel', label: 'Log level', kind: 'select', options: ['debug', 'info', 'warn', 'error'] },
      {
        path: 'tokenStore',
        label: 'Keep tokens in',
        kind: 'select',
        options: ['keychain', 'file'],
        appLocked: true,
        hint: 'Set SYNCBIT_TOKEN_STORE=file (or tokenStore in config.json) to keep them in a private file when no keychain is available.',
      },
    ],
  },
  {
    title: 'Advanced',
    description:
      'Google endpoints. They receive your tokens, so they are set only in the environment (GOOGLE_HEALTH_API_URL, GOOGLE_OAUTH_AUTHORIZE_URL, GOOGLE_OAUTH_TOKEN_URL, GOOGLE_OAUTH_REVOKE_URL) or config.json, never from this window.',
    fields: [
      { path: 'google.apiUrl', label: 'Health API URL', kind: 'url', appLocked: true },
      { path: 'google.authorizeUrl', label: 'Authorize URL', kind: 'url', appLocked: true },
      { path: 'google.tokenUrl', label: 'Token URL', kind: 'url', appLocked: true },
      { path: 'google.revokeUrl', label: 'Revoke URL', kind: 'url', appLocked: true },
    ],
  },
];

function getPath(values: Readonly<Record<string, unknown>>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      values,
    );
}

/** The patch that sets one dotted path (the value has passed the field's check). */
function patchFor(path: string, value: unknown): SettingsPatch {
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
function quickCheck(spec: FieldSpec, raw: string): string | undefined {
  if (raw === '') return spec.optional === true ? undefined : 'is required';
  return validateSettingField(spec.path, spec.kind === 'int' ? Number(raw) : raw);
}

/** Splits the core's "- path (ENV): message" lines into per-path messages. */
function messagesByPath(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of message.split('\n')) {
    const m = /^- ([\w.]+)(?: \([A-Z0-9_]+\))?: (.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) out.set(m[1], m[2]);
  }
  return out;
}

export const renderSettings: View = (root: HTMLElement, ctx: ViewContext) => {
  const errors = new Map<string, HTMLElement>();
  const clearErrors = (): void => {
    for (const e of errors.values()) e.textContent = '';
    for (const i of root.querySelectorAll('[aria-invalid="true"]')) i.removeAttribute('aria-invalid');
  };

  const fieldRow = (spec: FieldSpec, settings: PublicSettings): HTMLElement => {
    const id = `set-${spec.path.replace(/\./g, '-')}`;
    const value = getPath(settings.values, spec.path);
    const locked = spec.appLocked === true || settings.fromEnv.includes(spec.path);
    const error = h('div', { class: 'error', id: `${id}-error`, role: 'alert' });
    const saved = h('div', { class: 'saved', 'aria-live': 'polite' });
    errors.set(spec.path, error);
    let input: HTMLInputElement | HTMLSelectElement;
    if (spec.kind === 'bool') {
      input = h('input', {
        type: 'checkbox',
        id,
        checked: value === true,
        disabled: locked,
        'aria-describedby': `${id}-error`,
      });
    } else if (spec.kind === 'select') {
      input = h(
        'select',
        { id, disabled: locked, 'aria-describedby': `${id}-error` },
        ...(spec.options ?? []).map((o) => h('option', { value: o, selected: o === value }, o)),
      );
    } else {
      input = h('input', {
        type: spec.kind === 'int' ? 'number' : spec.kind === 'url' ? 'url' : 'text',
        id,
        value: value === undefined || value === null ? '' : String(value as string | number),
        disabled: locked,
        spellcheck: 'false',
        'aria-describedby': `${id}-error`,
        'data-path': spec.path,
      });
    }
    const current = (): unknown => {
      if (input instanceof HTMLInputElement && input.type === 'checkbox') return input.checked;
      const raw = input.value.trim();
      if (raw === '' && spec.optional === true) return undefined;
      return spec.kind === 'int' ? Number(raw) : raw;
    };
    const check = (): boolean => {
      if (spec.kind === 'bool' || spec.kind === 'select') return true;
      const problem = quickCheck(spec, input.value.trim());
      error.textContent = problem === undefined ? '' : `${spec.label} ${problem}.`;
      if (problem === undefined) input.removeAttribute('aria-invalid');
      else input.setAttribute('aria-invalid', 'true');
      return problem === undefined;
    };
    input.addEventListener('input', () => {
      saved.textContent = '';
      check();
    });
    input.addEventListener('change', () => {
      if (!check()) return;
      clearErrors();
      call(api.settings.updateValues({ patch: patchFor(spec.path, current() ?? null) }))
        .then(() => {
          saved.textContent = 'Saved';
        })
        .catch((err: unknown) => {
          const byPath =
            err instanceof BridgeError && err.code === 'invalid-settings'
              ? messagesByPath(err.message)
              : new Map<string, string>();
          if (byPath.size === 0) byPath.set(spec.path, errorMessage(err));
          for (const [path, msg] of byPath) {
            const target = errors.get(path) ?? error;
            target.textContent = `${path === spec.path ? spec.label : path} ${msg}`;
            root.querySelector(`[data-path="${path}"]`)?.setAttribute('aria-invalid', 'true');
          }
          if (!byPath.has(spec.path)) input.setAttribute('aria-invalid', 'true');
        });
    });
    const control = spec.kind === 'bool' ? h('label', { class: 'check', for: id }, input, spec.label) : input;
    return h(
      'div',
      { class: 'field', 'data-setting': spec.path },
      spec.kind === 'bool' ? h('span', { class: 'label' }, '') : h('label', { for: id }, spec.label),
      h(
        'div',
        {},
        control,
        locked && h('div', { class: 'hint' }, 'Set by an environment variable; change it there.'),
        spec.hint !== undefined && h('div', { class: 'hint' }, spec.hint),
        error,
        saved,
      ),
    );
  };

  const secretRow = (spec: SecretSpec, settings: PublicSettings): HTMLElement => {
    const id = `secret-${spec.name}`;
    const isSet = settings.secretsSet[spec.name] === true;
    const badge = h(
      'span',
      { class: `badge ${isSet ? 'ok' : ''}`, 'data-secret-state': spec.name },
      isSet ? 'Set' : 'Not set',
    );
    const input = h('input', {
      type: 'password',
      id,
      autocomplete: 'off',
      placeholder: isSet ? '•••••••• (enter a new value to replace)' : 'Paste the value',
    });
    const error = h('div', { class: 'error', role: 'alert' });
    const save = h('button', { class: 'button small', type: 'button' }, 'Save');
    save.addEventListener('click', () => {
      const value = input.value;
      if (value.trim() === '') {
        error.textContent = `${spec.label} must not be empty.`;
        return;
      }
      error.textContent = '';
      call(api.settings.setSecret({ name: spec.name, value }))
        .then(() => {
          input.value = '';
          input.placeholder = '•••••••• (enter a new value to replace)';
          badge.className = 'badge ok';
          badge.textContent = 'Set';
        })
        .catch((err: unknown) => {
          error.textContent = errorMessage(err);
        });
    });
    return h(
      'div',
      { class: 'field', 'data-secret': spec.name },
      h('label', { for: id }, spec.label),
      h(
        'div',
        {},
        h('div', { class: 'inline' }, input, save, badge),
        h('div', { class: 'hint' }, spec.hint),
        error,
      ),
    );
  };

  const accountCard = (): HTMLElement => {
    const s = ctx.status();
    const result = h('p', { class: 'tile-sub', role: 'status' });
    const signOut = h(
      'button',
      { class: 'button danger', type: 'button', 'data-testid': 'sign-out' },
      'Sign out',
    );
    let armed = false;
    signOut.addEventListener('click', () => {
      if (!armed) {
        armed = true;
        signOut.textContent = 'Click again to sign out';
        result.textContent = 'Signing out removes the saved Google tokens. Your archive stays.';
        return;
      }
      call(api.auth.signOut())
        .then(() => {
          result.textContent = 'Signed out. Sign in again from here or the tray menu.';
          signOut.setAttribute('disabled', '');
        })
        .catch((err: unknown) => {
          result.textContent = errorMessage(err);
        });
    });
    const reauth = h(
      'button',
      { class: 'button', type: 'button' },
      s?.signedInAs === undefined ? 'Sign in…' : 'Re-authorize…',
    );
    reauth.addEventListener('click', () => {
      ctx.navigate('wizard');
    });
    const dataDir = s?.archive.dataDir;
    return h(
      'div',
      { class: 'card' },
      h(
        'div',
        { class: 'card-head' },
        h(
          'div',
          {},
          h('h2', {}, 'Account'),
          h('p', {}, s?.signedInAs === undefined ? 'Not signed in' : `Signed in as ${s.signedInAs}`),
        ),
        h('div', { class: 'inline' }, reauth, s?.signedInAs !== undefined && signOut),
      ),
      result,
      dataDir !== undefined &&
        h(
          'div',
          { class: 'inline' },
          h('span', { class: 'tile-sub' }, 'Data folder: ', h('code', {}, dataDir)),
          h(
            'button',
            { class: 'button small ghost', type: 'button', onclick: () => void api.app.openDataFolder() },
            'Open',
          ),
        ),
    );
  };

  const loginCard = (startAtLogin: boolean): HTMLElement => {
    const box = h('input', { type: 'checkbox', id: 'start-at-login', checked: startAtLogin });
    const note = h('div', { class: 'saved', 'aria-live': 'polite' });
    box.addEventListener('change', () => {
      call(api.app.setStartAtLogin({ enabled: box.checked }))
        .then((r) => {
          box.checked = r.startAtLogin;
          note.textContent = r.startAtLogin
            ? 'SyncBit starts hidden in the tray when you log in.'
            : 'SyncBit no longer starts at login.';
        })
        .catch((err: unknown) => {
          note.textContent = errorMessage(err);
        });
    });
    return h(
      'div',
      { class: 'field' },
      h('span', { class: 'label' }, 'Start at login'),
      h(
        'div',
        {},
        h('label', { class: 'check', for: 'start-at-login' }, box, 'Start SyncBit when I log in'),
        note,
      ),
    );
  };

  const build = async (): Promise<void> => {
    replace(root, loading('Loading settings…'));
    const [settings, info] = await Promise.all([call(api.settings.getAll()), call(api.app.getInfo())]);
    errors.clear();
    replace(
      root,
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          {},
          h('h1', {}, 'Settings'),
          h(
            'p',
            {},
            'Changes are saved as you make them and checked against the same rules as the command line.',
          ),
        ),
      ),
      accountCard(),
      ...GROUPS.map((g) =>
        h(
          'section',
          { class: 'card', 'aria-labelledby': `g-${g.title}` },
          h(
            'div',
            { class: 'card-head' },
            h('div', {}, h('h2', { id: `g-${g.title}` }, g.title), h('p', {}, g.description)),
          ),
          g.title === 'General' && loginCard(info.startAtLogin),
          ...g.fields.map((f) => fieldRow(f, settings)),
          ...(g.secrets ?? []).map((s) => secretRow(s, settings)),
        ),
      ),
      h('p', { class: 'tile-sub' }, `SyncBit ${info.version} · ${info.platform}`),
    );
    root.dataset.ready = 'true';
  };
  build().catch((err: unknown) => {
    replace(
      root,
      errorState(errorMessage(err), () => {
        ctx.navigate('settings');
      }),
    );
    root.dataset.ready = 'true';
  });
};
