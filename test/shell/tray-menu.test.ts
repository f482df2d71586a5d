import { describe, expect, it } from 'vitest';
import {
  buildTrayMenu,
  toElectronTemplate,
  trayViewOf,
  type TrayAction,
  type TrayMenuItem,
  type TrayView,
} from '../../main/shell/tray-menu.js';
import { baseStatus } from './fake-services.js';

const time = (ms: number): string => new Date(ms).toISOString().slice(11, 16);
const view = (over: Partial<TrayView>): TrayView => ({ phase: 'idle', startAtLogin: false, ...over });

function flat(items: readonly TrayMenuItem[]): TrayMenuItem[] {
  return items.flatMap((i) => (i.kind === 'submenu' ? [i, ...flat(i.items)] : [i]));
}
function action(items: readonly TrayMenuItem[], id: TrayAction): TrayMenuItem | undefined {
  return flat(items).find((i) => (i.kind === 'action' || i.kind === 'checkbox') && i.id === id);
}
function labels(items: readonly TrayMenuItem[]): string[] {
  return items.filter((i) => i.kind === 'label').map((i) => (i as { label: string }).label);
}

describe('tray menu template', () => {
  it('always offers Open, Start at login and Quit, in every state', () => {
    for (const phase of ['idle', 'syncing', 'paused', 'attention', 'signed-out'] as const) {
      const items = buildTrayMenu(view({ phase }), time);
      expect(action(items, 'open')).toMatchObject({ enabled: true });
      expect(action(items, 'toggle-start-at-login')).toMatchObject({ kind: 'checkbox' });
      expect(items.at(-1)).toMatchObject({ kind: 'action', id: 'quit' });
    }
  });

  it('idle: status line with last and next sync, Sync now, and the three pause choices', () => {
    const items = buildTrayMenu(
      view({
        phase: 'idle',
        lastSyncAt: Date.UTC(2026, 0, 1, 10, 5),
        nextSyncAt: Date.UTC(2026, 0, 1, 10, 20),
      }),
      time,
    );
    expect(labels(items)).toEqual(['SyncBit: up to date', 'Last sync 10:05 · next 10:20']);
    expect(action(items, 'sync-now')).toMatchObject({ label: 'Sync now', enabled: true });
    const pause = items.find((i) => i.kind === 'submenu');
    expect(pause).toMatchObject({ label: 'Pause syncing', enabled: true });
    expect((pause as { items: readonly TrayMenuItem[] }).items.map((i) => (i as { id: string }).id)).toEqual([
      'pause-30m',
      'pause-2h',
      'pause-indefinitely',
    ]);
    expect(action(items, 'resume')).toBeUndefined();
  });

  it('syncing: shows the backfill progress', () => {
    const items = buildTrayMenu(view({ phase: 'syncing', backfill: { done: 120, total: 480 } }), time);
    expect(labels(items)).toContain('SyncBit: syncing (25%)');
    expect(labels(items)).toContain('Backfill: 120 of 480 days');
    expect(action(items, 'sync-now')).toMatchObject({ label: 'Syncing now…', enabled: true });
  });

  it('paused: says until when, offers Resume instead of Pause, hides the next sync', () => {
    const items = buildTrayMenu(
      view({ phase: 'paused', pausedUntil: Date.UTC(2026, 0, 1, 14, 30), nextSyncAt: 1 }),
      time,
    );
    expect(labels(items)[0]).toBe('SyncBit: paused until 14:30');
    expect(action(items, 'resume')).toMatchObject({ enabled: true });
    expect(items.some((i) => i.kind === 'submenu')).toBe(false);
    expect(labels(buildTrayMenu(view({ phase: 'paused', pausedUntil: 'indefinitely' }), time))[0]).toBe(
      'SyncBit: paused until resumed',
    );
  });

  it('needs attention: shows the message, and Re-authorize when authorization expired', () => {
    const items = buildTrayMenu(
      view({ phase: 'attention', errorCode: 'auth-required', message: 'Google authorization expired' }),
      time,
    );
    expect(labels(items)[0]).toBe('SyncBit needs attention: Google authorization expired');
    expect(action(items, 'reauthorize')).toMatchObject({ label: 'Re-authorize…' });
    expect(
      action(buildTrayMenu(view({ phase: 'attention', errorCode: 'network' }), time), 'reauthorize'),
    ).toBeUndefined();
  });

  it('signed out: Sign in… and no syncing or pausing', () => {
    const items = buildTrayMenu(view({ phase: 'signed-out' }), time);
    expect(labels(items)[0]).toBe('SyncBit: signed out');
    expect(action(items, 'reauthorize')).toMatchObject({ label: 'Sign in…' });
    expect(action(items, 'sync-now')).toMatchObject({ enabled: false });
    expect(items.find((i) => i.kind === 'submenu')).toMatchObject({ enabled: false });
  });

  it('reflects Start at login', () => {
    expect(action(buildTrayMenu(view({ startAtLogin: true }), time), 'toggle-start-at-login')).toMatchObject({
      checked: true,
    });
    expect(action(buildTrayMenu(view({ startAtLogin: false }), time), 'toggle-start-at-login')).toMatchObject(
      { checked: false },
    );
  });

  it('derives the backfill from per-type progress', () => {
    const v = trayViewOf(
      baseStatus({
        phase: 'syncing',
        progress: [
          { type: 'steps', daysDone: 10, daysLeft: 30, state: 'syncing' },
          { type: 'sleep', daysDone: 20, daysLeft: 0, state: 'ok' },
        ],
      }),
      true,
    );
    expect(v.backfill).toEqual({ done: 30, total: 60 });
    expect(trayViewOf(baseStatus(), false).backfill).toBeUndefined();
  });

  it('offers "Re-authorize now" from a day before the Google sign-in lapses', () => {
    const lapses = Date.parse('2026-12-12T10:00:00Z');
    const early = trayViewOf(baseStatus({ signInLapsesAt: lapses }), false, lapses - 2 * 86_400_000);
    expect(action(buildTrayMenu(early, time), 'reauthorize')).toBeUndefined();
    const soon = trayViewOf(baseStatus({ signInLapsesAt: lapses }), false, lapses - 3_600_000);
    expect(action(buildTrayMenu(soon, time), 'reauthorize')).toMatchObject({ label: 'Re-authorize now' });
  });

  it('turns the template into Electron items whose clicks report the action', () => {
    const clicked: TrayAction[] = [];
    const template = toElectronTemplate(buildTrayMenu(view({ phase: 'idle' }), time), (a) => clicked.push(a));
    const quit = template.find((t) => t.id === 'quit');
    (quit?.click as () => void)();
    const pause = template.find((t) => t.label === 'Pause syncing');
    const twoHours = (pause?.submenu as { id?: string; click?: () => void }[]).find(
      (t) => t.id === 'pause-2h',
    );
    twoHours?.click?.();
    expect(clicked).toEqual(['quit', 'pause-2h']);
    expect(template[0]).toMatchObject({ enabled: false });
    expect(template.find((t) => t.id === 'toggle-start-at-login')).toMatchObject({ type: 'checkbox' });
  });
});
