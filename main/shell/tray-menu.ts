/**
 * The tray menu as data: a pure function from what SyncBit is doing to the items a person sees.
 * Kept free of Electron so every state is tested as a template (mattermost's pattern), and so
 * everything the app does is reachable from the menu (tray clicks are unreliable on some Linux
 * desktops).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { AppStatus, SyncPhase } from '../core/app/types.js';

export type TrayAction =
  | 'sync-now'
  | 'pause-30m'
  | 'pause-2h'
  | 'pause-indefinitely'
  | 'resume'
  | 'open'
  | 'reauthorize'
  | 'toggle-start-at-login'
  | 'quit';

export type TrayMenuItem =
  | { readonly kind: 'label'; readonly label: string }
  | { readonly kind: 'separator' }
  | { readonly kind: 'action'; readonly id: TrayAction; readonly label: string; readonly enabled: boolean }
  | { readonly kind: 'checkbox'; readonly id: TrayAction; readonly label: string; readonly checked: boolean }
  | {
      readonly kind: 'submenu';
      readonly label: string;
      readonly enabled: boolean;
      readonly items: readonly TrayMenuItem[];
    };

/** What the tray shows: derived from AppStatus plus the start-at-login flag. */
export interface TrayView {
  readonly phase: SyncPhase;
  readonly lastSyncAt?: number;
  readonly nextSyncAt?: number;
  readonly pausedUntil?: number | 'indefinitely';
  readonly backfill?: { readonly done: number; readonly total: number };
  readonly message?: string;
  readonly errorCode?: string;
  readonly signedInAs?: string;
  /** The sign-in lapses within a day: offer "Re-authorize now". */
  readonly signInLapsesSoon?: boolean;
  readonly startAtLogin: boolean;
}

/** Formats a time of day for the status lines (injected so tests are zone-independent). */
export type TimeFormatter = (epochMs: number) => string;

/** Reduces a full status to what the tray needs (so unrelated changes do not re-render it). */
export function trayViewOf(status: AppStatus, startAtLogin: boolean, now = Date.now()): TrayView {
  const done = status.progress.reduce((n, p) => n + p.daysDone, 0);
  const left = status.progress.reduce((n, p) => n + p.daysLeft, 0);
  return {
    phase: status.phase,
    startAtLogin,
    ...(status.lastSyncAt === undefined ? {} : { lastSyncAt: status.lastSyncAt }),
    ...(status.nextSyncAt === undefined ? {} : { nextSyncAt: status.nextSyncAt }),
    ...(status.pausedUntil === undefined ? {} : { pausedUntil: status.pausedUntil }),
    ...(left > 0 ? { backfill: { done, total: done + left } } : {}),
    ...(status.message === undefined ? {} : { message: status.message }),
    ...(status.errorCode === undefined ? {} : { errorCode: status.errorCode }),
    ...(status.signedInAs === undefined ? {} : { signedInAs: status.signedInAs }),
    ...(status.signInLapsesAt !== undefined && now >= status.signInLapsesAt - 86_400_000
      ? { signInLapsesSoon: true }
      : {}),
  };
}

/** The headline: one short line saying what SyncBit is doing. */
export function headline(view: TrayView, time: TimeFormatter): string {
  switch (view.phase) {
    case 'idle':
      return 'SyncBit: up to date';
    case 'syncing':
      return view.backfill ? `SyncBit: syncing (${percent(view.backfill)}%)` : 'SyncBit: syncing…';
    case 'paused':
      return view.pausedUntil === undefined || view.pausedUntil === 'indefinitely'
        ? 'SyncBit: paused until resumed'
        : `SyncBit: paused until ${time(view.pausedUntil)}`;
    case 'attention':
      return `SyncBit needs attention${view.message === undefined ? '' : `: ${truncate(view.message, 60)}`}`;
    case 'signed-out':
      return 'SyncBit: signed out';
  }
}

function percent(b: { done: number; total: number }): number {
  return b.total === 0 ? 100 : Math.floor((b.done / b.total) * 100);
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** Builds the tray menu for a state. Pure: same view in, same template out. */
export function buildTrayMenu(view: TrayView, time: TimeFormatter): TrayMenuItem[] {
  const items: TrayMenuItem[] = [{ kind: 'label', label: headline(view, time) }];
  const when: string[] = [];
  if (view.lastSyncAt !== undefined) when.push(`Last sync ${time(view.lastSyncAt)}`);
  if (view.nextSyncAt !== undefined && view.phase !== 'paused' && view.phase !== 'signed-out')
    when.push(`next ${time(view.nextSyncAt)}`);
  if (when.length > 0) items.push({ kind: 'label', label: when.join(' · ') });
  if (view.backfill)
    items.push({ kind: 'label', label: `Backfill: ${view.backfill.done} of ${view.backfill.total} days` });
  if (view.signedInAs !== undefined && view.phase !== 'signed-out')
    items.push({ kind: 'label', label: `Signed in as ${view.signedInAs}` });
  items.push({ kind: 'separator' });

  const signedOut = view.phase === 'signed-out';
  const needsAuth = signedOut || view.errorCode === 'auth-required';
  if (needsAuth)
    items.push({
      kind: 'action',
      id: 'reauthorize',
      label: signedOut ? 'Sign in…' : 'Re-authorize…',
      enabled: true,
    });
  else if (view.signInLapsesSoon === true)
    items.push({ kind: 'action', id: 'reauthorize', label: 'Re-authorize now', enabled: true });
  items.push({
    kind: 'action',
    id: 'sync-now',
    label: view.phase === 'syncing' ? 'Syncing now…' : 'Sync now',
    enabled: !signedOut,
  });
  if (view.phase === 'paused') {
    items.push({ kind: 'action', id: 'resume', label: 'Resume syncing', enabled: true });
  } else {
    items.push({
      kind: 'submenu',
      label: 'Pause syncing',
      enabled: !signedOut,
      items: [
        { kind: 'action', id: 'pause-30m', label: 'For 30 minutes', enabled: true },
        { kind: 'action', id: 'pause-2h', label: 'For 2 hours', enabled: true },
        { kind: 'action', id: 'pause-indefinitely', label: 'Until I resume', enabled: true },
      ],
    });
  }
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', id: 'open', label: 'Open SyncBit', enabled: true });
  items.push({
    kind: 'checkbox',
    id: 'toggle-start-at-login',
    label: 'Start at login',
    checked: view.startAtLogin,
  });
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', id: 'quit', label: 'Quit SyncBit', enabled: true });
  return items;
}

/** Turns the data template into Electron's menu template, attaching one click handler. */
export function toElectronTemplate(
  items: readonly TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'label':
        return { label: item.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'action':
        return {
          id: item.id,
          label: item.label,
          enabled: item.enabled,
          click: () => {
            onAction(item.id);
          },
        };
      case 'checkbox':
        return {
          id: item.id,
          label: item.label,
          type: 'checkbox',
          checked: item.checked,
          click: () => {
            onAction(item.id);
          },
        };
      case 'submenu':
        return {
          label: item.label,
          enabled: item.enabled,
          submenu: toElectronTemplate(item.items, onAction),
        };
    }
  });
}

/** Tooltip text (hover on the tray icon). */
export function tooltip(view: TrayView, time: TimeFormatter): string {
  const lines = [headline(view, time)];
  if (view.lastSyncAt !== undefined) lines.push(`Last sync ${time(view.lastSyncAt)}`);
  return lines.join('\n');
}
