/** The app's status line, tray icon and Sync view, computed from the timer and the session. */
import type { SignedInAccount } from '../ports.js';
import type { SyncResult } from '../sync/progress.js';
import type { SchedulerSnapshot } from '../sync/scheduler.js';
import { accountLabel } from './account.js';
import type { LiveProgress } from './live-progress.js';
import type { Session } from './session.js';
import type { AppStatus, DestinationStatus, SyncPhase } from './types.js';

export interface StatusInput {
  readonly snap: SchedulerSnapshot<SyncResult>;
  readonly session: Session;
  readonly account: SignedInAccount | undefined;
  readonly demo: boolean;
  readonly settingsError: string | undefined;
  readonly progress: LiveProgress;
  readonly destinations: readonly DestinationStatus[];
}

export const DEMO_MESSAGE = 'Showing demo data. Sign in with Google to sync your own.';

function phaseOf(i: StatusInput): { phase: SyncPhase; message?: string; errorCode?: string } {
  const { snap } = i;
  if (i.settingsError !== undefined)
    return { phase: 'attention', message: i.settingsError, errorCode: 'invalid-settings' };
  if (i.demo) return { phase: 'signed-out', message: DEMO_MESSAGE };
  if (i.account === undefined) return { phase: 'signed-out', message: 'Not signed in to Google.' };
  if (snap.state === 'syncing') return { phase: 'syncing' };
  if (snap.state === 'paused') return { phase: 'paused' };
  const r = snap.lastResult;
  if (r && !r.ok && r.state !== 'cancelled')
    return {
      phase: 'attention',
      ...(r.message === undefined ? {} : { message: r.message }),
      errorCode: r.state,
    };
  if (snap.state === 'error' && snap.lastError)
    return { phase: 'attention', message: snap.lastError.message, errorCode: snap.lastError.code };
  return { phase: 'idle' };
}

/** The status the app pushes to the window and the tray. */
export function buildStatus(i: StatusInput): AppStatus {
  const { snap, progress } = i;
  const days = i.session.archive.days();
  const paused = snap.state === 'paused';
  return {
    ...phaseOf(i),
    ...(i.account && !i.demo ? { signedInAs: accountLabel(i.account) } : {}),
    ...(i.account?.signInLapsesAt === undefined || i.demo
      ? {}
      : { signInLapsesAt: i.account.signInLapsesAt }),
    ...(snap.lastRunAt === undefined ? {} : { lastSyncAt: snap.lastRunAt }),
    ...(snap.nextRunAt === undefined || paused ? {} : { nextSyncAt: snap.nextRunAt }),
    ...(paused ? { pausedUntil: snap.pausedUntil ?? 'indefinitely' } : {}),
    progress: [...progress.types.values()],
    ...(progress.etaMs === undefined ? {} : { etaSeconds: Math.round(progress.etaMs / 1000) }),
    ...(progress.quotaWaitUntil === undefined ? {} : { quotaWaitUntil: progress.quotaWaitUntil }),
    destinations: i.destinations,
    archive: {
      days: days.length,
      dataDir: i.session.dataDir,
      ...(days[0] === undefined ? {} : { firstDay: days[0] }),
      ...(days.at(-1) === undefined ? {} : { lastDay: days.at(-1) }),
    },
  };
}
