/**
 * Settings: every setting with inline validation (a quick check as you type, then the core's own
 * schema on save, whose messages are shown next to the field they name), secrets write-only (the
 * view only learns whether one is set), values fixed by environment variables shown read-only, and
 * sign-out. The groups, rows and cards are in ./settings.
 */
import type { PublicSettings } from '../../common/app-types.js';
import type { AppInfo } from '../../preload/contract.js';
import { api, call, errorMessage } from '../bridge.js';
import { errorState, h, loading, replace } from '../dom.js';
import type { View, ViewContext } from '../view-context.js';
import { accountCard, loginCard } from './settings/account-card.js';
import { fieldRow, type FieldErrors } from './settings/field-row.js';
import { GROUPS, type Group } from './settings/groups.js';
import { secretRow } from './settings/secret-row.js';

function fieldErrors(root: HTMLElement): FieldErrors {
  const lines = new Map<string, HTMLElement>();
  return {
    add: (path, line) => {
      lines.set(path, line);
    },
    get: (path) => lines.get(path),
    clear: () => {
      for (const e of lines.values()) e.textContent = '';
      for (const i of root.querySelectorAll('[aria-invalid="true"]')) i.removeAttribute('aria-invalid');
    },
    markInvalid: (path) => {
      root.querySelector(`[data-path="${path}"]`)?.setAttribute('aria-invalid', 'true');
    },
  };
}

function groupCard(g: Group, settings: PublicSettings, info: AppInfo, errors: FieldErrors): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `g-${g.title}` },
    h(
      'div',
      { class: 'card-head' },
      h('div', {}, h('h2', { id: `g-${g.title}` }, g.title), h('p', {}, g.description)),
    ),
    g.title === 'General' && loginCard(info.startAtLogin),
    ...g.fields.map((f) => fieldRow(f, settings, errors)),
    ...(g.secrets ?? []).map((s) => secretRow(s, settings)),
  );
}

async function build(root: HTMLElement, ctx: ViewContext): Promise<void> {
  replace(root, loading('Loading settings…'));
  const [settings, info] = await Promise.all([call(api.settings.getAll()), call(api.app.getInfo())]);
  const errors = fieldErrors(root);
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
    accountCard(ctx.status(), ctx),
    ...GROUPS.map((g) => groupCard(g, settings, info, errors)),
    h('p', { class: 'tile-sub' }, `SyncBit ${info.version} · ${info.platform}`),
  );
  root.dataset.ready = 'true';
}

export const renderSettings: View = (root: HTMLElement, ctx: ViewContext) => {
  build(root, ctx).catch((err: unknown) => {
    replace(
      root,
      errorState(errorMessage(err), () => {
        ctx.navigate('settings');
      }),
    );
    root.dataset.ready = 'true';
  });
};
