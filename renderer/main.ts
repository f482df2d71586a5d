/**
 * Renderer entry: decides between the first-run wizard and the app frame (sidebar + views), keeps
 * the status fresh from the main process's `sync:status-changed` events, and routes between views.
 */
import './zod-config.js';
import type { AppStatus } from '../common/app-types.js';
import type { ViewName } from '../preload/contract.js';
import { api, call, errorMessage } from './bridge.js';
import { errorState, h, replace } from './dom.js';
import { when } from './format.js';
import { createStatusStore } from './state/status-store.js';
import { currentTheme, initTheme, setTheme, type ThemeChoice } from './theme.js';
import { renderCoverage } from './views/coverage.js';
import { renderDashboard } from './views/dashboard.js';
import { renderSettings } from './views/settings.js';
import { renderSync } from './views/sync.js';
import { renderWizard } from './views/wizard.js';
import type { View, ViewContext } from './view-context.js';

const VIEWS: Record<Exclude<ViewName, 'wizard'>, { label: string; icon: string; render: View }> = {
  dashboard: { label: 'Dashboard', icon: '◧', render: renderDashboard },
  coverage: { label: 'Coverage', icon: '▦', render: renderCoverage },
  sync: { label: 'Sync', icon: '⟳', render: renderSync },
  settings: { label: 'Settings', icon: '⚙', render: renderSettings },
};

/** The latest status from the main process; the pill follows it, and each view while shown. */
const status = createStatusStore();
let cleanups: (() => void)[] = [];
let current: ViewName | undefined;
const app = document.getElementById('app') as HTMLElement;

function leaveView(): void {
  for (const c of cleanups) c();
  cleanups = [];
}

function context(): ViewContext {
  return {
    status: () => status.get(),
    onStatus: (l) => {
      cleanups.push(status.subscribe(l));
    },
    navigate: (v) => {
      navigate(v);
    },
    onLeave: (c) => {
      cleanups.push(c);
    },
  };
}

const PHASE_LABEL: Record<AppStatus['phase'], string> = {
  idle: 'Up to date',
  syncing: 'Syncing…',
  paused: 'Paused',
  attention: 'Needs attention',
  'signed-out': 'Signed out',
};

let pill: HTMLElement | undefined;
function updatePill(s: AppStatus): void {
  if (pill === undefined) return;
  const sub =
    s.phase === 'paused'
      ? s.pausedUntil === 'indefinitely' || s.pausedUntil === undefined
        ? 'until you resume'
        : `until ${when(s.pausedUntil)}`
      : s.lastSyncAt !== undefined
        ? `Last sync ${when(s.lastSyncAt)}`
        : `${s.archive.days.toLocaleString()} days archived`;
  replace(
    pill,
    h('strong', {}, h('span', { class: `dot ${s.phase}`, 'aria-hidden': 'true' }), PHASE_LABEL[s.phase]),
    h('span', {}, sub),
  );
}

function themeButton(): HTMLElement {
  const labels: Record<ThemeChoice, string> = {
    system: 'Theme: system',
    light: 'Theme: light',
    dark: 'Theme: dark',
  };
  const next: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
  const button = h(
    'button',
    { class: 'button ghost small', type: 'button', 'data-testid': 'theme-toggle' },
    labels[currentTheme()],
  );
  button.addEventListener('click', () => {
    setTheme(next[currentTheme()]);
    button.textContent = labels[currentTheme()];
    if (current !== undefined) navigate(current, true);
  });
  return button;
}

let mainEl: HTMLElement | undefined;
const navButtons = new Map<ViewName, HTMLElement>();

function buildFrame(): HTMLElement {
  pill = h('div', { class: 'status-pill', 'data-testid': 'status-pill' });
  mainEl = h('main', { class: 'main', id: 'view', tabindex: '-1' });
  const nav = h('nav', { class: 'nav', 'aria-label': 'Sections' });
  navButtons.clear();
  for (const [name, v] of Object.entries(VIEWS) as [
    Exclude<ViewName, 'wizard'>,
    (typeof VIEWS)['dashboard'],
  ][]) {
    const b = h(
      'button',
      {
        class: 'nav-button',
        type: 'button',
        'data-view': name,
        onclick: () => {
          navigate(name);
        },
      },
      h('span', { class: 'nav-icon', 'aria-hidden': 'true' }, v.icon),
      v.label,
    );
    navButtons.set(name, b);
    nav.appendChild(b);
  }
  const frame = h(
    'div',
    { class: 'layout' },
    h(
      'aside',
      { class: 'sidebar' },
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'S'), 'SyncBit'),
      nav,
      h('div', { class: 'sidebar-foot' }, pill, themeButton()),
    ),
    mainEl,
  );
  const s = status.get();
  if (s !== undefined) updatePill(s);
  return frame;
}

/** Shows a view (the wizard replaces the whole frame). */
function navigate(view: ViewName, force = false): void {
  if (view === current && !force) return;
  leaveView();
  current = view;
  document.body.dataset.view = view;
  if (view === 'wizard') {
    mainEl = undefined;
    // The wizard has no sidebar: its root is the page's main landmark.
    const root = h('main', { class: 'wizard', 'data-view-root': 'wizard' });
    replace(app, root);
    renderWizard(root, context());
    return;
  }
  if (mainEl === undefined || !app.contains(mainEl)) replace(app, buildFrame());
  for (const [name, b] of navButtons) {
    if (name === view) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  const root = h('div', { 'data-view-root': view });
  replace(mainEl as HTMLElement, root);
  VIEWS[view].render(root, context());
  (mainEl as HTMLElement).scrollTop = 0;
}

async function boot(): Promise<void> {
  initTheme();
  status.subscribe(updatePill);
  api.sync.onStatusChanged((s) => {
    status.set(s);
  });
  api.app.onNavigateRequested(({ view }) => {
    navigate(view);
  });
  const first = await call(api.sync.getStatus());
  status.set(first);
  const fromHash = location.hash.replace(/^#/, '');
  const requested = (['dashboard', 'coverage', 'sync', 'settings', 'wizard'] as const).find(
    (v) => v === fromHash,
  );
  const firstRun = first.signedInAs === undefined && first.archive.days === 0;
  navigate(requested ?? (firstRun ? 'wizard' : 'dashboard'));
}

boot().catch((err: unknown) => {
  replace(
    app,
    errorState(`SyncBit could not load: ${errorMessage(err)}`, () => {
      location.reload();
    }),
  );
});
