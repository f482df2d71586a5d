/**
 * One handler per contract channel, each a thin call into AppActions (or a shell action such as
 * "open the Google console" that only the main process may do). The mapped type makes a missing
 * handler a compile error; the core and the contract share their types through common/.
 * Validation and error mapping happen around these, in ipc-dispatch.ts.
 */
import type { ImportSummary } from '../../common/app-types.js';
import type { SettingsPatch, SettingsUpdate } from '../../common/settings-schema.js';
import type { AppActions } from '../core/app/types.js';
import { SyncBitError } from '../core/errors.js';
import { numericFieldsOnly } from '../core/model/record.js';
import type {
  AppInfo,
  Channel,
  EventName,
  Events,
  GuidePage,
  RequestOf,
  Responses,
} from '../../preload/contract.js';

/** Things only the main process can do (Electron APIs), injected so tests and the harness fake them. */
export interface ShellActions {
  appInfo(): Promise<AppInfo>;
  /** Switches start at login: the OS login item and the setting; returns the resulting state. */
  setStartAtLogin(enabled: boolean): Promise<boolean>;
  openGuide(page: GuidePage): Promise<void>;
  openDataFolder(): Promise<void>;
  /** Shows the OS file picker for a Takeout .zip/.tgz or folder; [] when cancelled. */
  pickTakeoutFiles(): Promise<string[]>;
  now(): number;
}

export interface HandlerHooks {
  /** Main → renderer event push (webContents.send in Electron, SSE in the harness). */
  readonly emit: <E extends EventName>(event: E, payload: Events[E]) => void;
  /** Called when an import finishes (the shell turns it into a notification). */
  readonly importFinished?: (summary: ImportSummary) => void;
}

export type Handlers = { readonly [C in Channel]: (payload: RequestOf<C>) => Promise<Responses[C]> };

/** Builds the handler table over the core's services and the shell's actions. */
export function createHandlers(services: AppActions, shell: ShellActions, hooks: HandlerHooks): Handlers {
  /** Only paths the user picked in the OS dialog may be imported (a compromised renderer can't read others). */
  const pickedPaths = new Set<string>();
  /** The running Takeout import, which "import:cancel-takeout" aborts. */
  let importAbort: AbortController | undefined;
  return {
    'app:get-info': () => shell.appInfo(),
    'app:set-start-at-login': async ({ enabled }) => ({ startAtLogin: await shell.setStartAtLogin(enabled) }),
    'app:open-guide': async ({ page }) => {
      await shell.openGuide(page);
      return null;
    },
    'app:open-data-folder': async () => {
      await shell.openDataFolder();
      return null;
    },
    'sync:get-status': () => services.getStatus(),
    'sync:run-now': async () => {
      await services.syncNow();
      return null;
    },
    'sync:pause-syncing': async ({ minutes }) => {
      await services.pause(minutes === null ? null : shell.now() + minutes * 60_000);
      return null;
    },
    'sync:resume-syncing': async () => {
      await services.resume();
      return null;
    },
    'sync:refetch-days': async ({ types, days }) => {
      await services.refetch(types, days);
      return null;
    },
    'data:list-days': () => services.listDays(),
    'data:get-series': ({ key, from, to }) => services.getDailySeries(key, from, to),
    'data:get-day-records': async ({ day, measurements }) =>
      numericFieldsOnly(await services.getDayRecords(day, measurements)),
    'data:get-day-series': async ({ day, measurement, field }) => {
      const records = await services.getDayRecords(day, [measurement]);
      const times: number[] = [];
      const values: number[] = [];
      for (const r of records) {
        if (r.measurement !== measurement) continue;
        const v = r.fields[field];
        if (typeof v !== 'number') continue;
        times.push(Date.parse(r.time));
        values.push(v);
      }
      return { times, values };
    },
    'data:get-coverage': ({ from, to }) => {
      if (from > to)
        throw new SyncBitError('invalid-input', `The coverage range starts (${from}) after it ends (${to}).`);
      return services.getCoverage(from, to);
    },
    'auth:authorize-account': ({ clientId, clientSecret }) => services.authorize(clientId, clientSecret),
    'auth:sign-out': async () => {
      await services.signOut();
      return null;
    },
    'import:pick-takeout': async () => {
      const paths = await shell.pickTakeoutFiles();
      for (const p of paths) pickedPaths.add(p);
      return { paths };
    },
    'import:run-takeout': async ({ paths }) => {
      const unknown = paths.filter((p) => !pickedPaths.has(p));
      if (unknown.length > 0)
        throw new SyncBitError('invalid-input', 'Choose the Takeout export with "Choose export…" first.');
      const controller = new AbortController();
      importAbort = controller;
      try {
        const summary = await services.importTakeout(
          paths,
          (p) => {
            hooks.emit('import:progress-changed', p);
          },
          controller.signal,
        );
        hooks.importFinished?.(summary);
        return summary;
      } finally {
        if (importAbort === controller) importAbort = undefined;
      }
    },
    'import:cancel-takeout': () => {
      importAbort?.abort();
      return Promise.resolve(null);
    },
    'import:load-demo': () => services.loadDemoData(),
    'settings:get-all': () => services.getSettings(),
    'settings:update-values': ({ patch }) => services.updateSettings(nullsToUndefined(patch)),
    'settings:set-secret': async ({ name, value }) => {
      await services.setSecret(name, value);
      return null;
    },
    'export:run-now': ({ destination }) => services.exportNow(destination),
    'export:test-destination': ({ destination }) => services.testDestination(destination),
    'log:get-recent': ({ limit }) => services.recentLogs(limit),
  };
}

/**
 * The renderer clears a setting by sending `null` (JSON and structured clone both keep it); the
 * core's settings merge removes keys whose value is `undefined`.
 */
export function nullsToUndefined(patch: SettingsPatch): SettingsUpdate {
  const out: SettingsUpdate = {};
  for (const [k, v] of Object.entries(patch)) {
    const group = v !== null && typeof v === 'object' ? Object.entries(v) : undefined;
    Reflect.set(
      out,
      k,
      group === undefined
        ? (v ?? undefined)
        : Object.fromEntries(group.map(([gk, gv]) => [gk, gv ?? undefined])),
    );
  }
  return out;
}
