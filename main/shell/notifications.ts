/**
 * Desktop notifications, throttled and combined. A tray app that syncs every 15 minutes must not
 * nag: each kind of notice is shown at most once per throttle window (per destination for export
 * problems), and notices that arrive together are merged into one notification. Expected failures
 * become state first (tray icon, status line); a notification is the one nudge on top.
 */
import type { AppStatus } from '../core/app/types.js';
import type { Clock } from '../core/ports.js';

export type NoticeKind =
  | 'auth-required'
  | 'sign-in-lapsing'
  | 'sync-failing'
  | 'destination-refusing'
  | 'backfill-done'
  | 'import-done';

export interface Notice {
  readonly kind: NoticeKind;
  /** Distinguishes notices of one kind that are throttled separately (e.g. the destination). */
  readonly key?: string;
  readonly title: string;
  readonly body: string;
}

/** What a click on a shown notification does. */
export type NoticeAction = 'reauthorize' | 'open';

export interface ShownNotification {
  readonly title: string;
  readonly body: string;
  readonly action: NoticeAction;
}

/** Minimum time between two notices of the same kind and key. */
export const DEFAULT_THROTTLE_MS: Readonly<Record<NoticeKind, number>> = {
  'auth-required': 12 * 3_600_000,
  // Once per lapse: the reminder window is a day long.
  'sign-in-lapsing': 2 * 86_400_000,
  'sync-failing': 6 * 3_600_000,
  'destination-refusing': 6 * 3_600_000,
  'backfill-done': 60_000,
  'import-done': 0,
};

export interface NotificationCenterOptions {
  readonly clock: Clock;
  readonly show: (n: ShownNotification) => void;
  /** Notices posted within this window of the first pending one are shown together. */
  readonly combineWindowMs?: number;
  readonly throttleMs?: Partial<Record<NoticeKind, number>>;
}

export class NotificationCenter {
  private readonly lastShown = new Map<string, number>();
  private pending: Notice[] = [];
  private timer: unknown;
  private readonly combineWindowMs: number;
  private readonly throttle: Record<NoticeKind, number>;

  constructor(private readonly options: NotificationCenterOptions) {
    this.combineWindowMs = options.combineWindowMs ?? 2_000;
    this.throttle = { ...DEFAULT_THROTTLE_MS, ...options.throttleMs };
  }

  /** Queues a notice unless one like it was shown within its throttle window. */
  post(notice: Notice): void {
    const id = `${notice.kind}:${notice.key ?? ''}`;
    const now = this.options.clock.now();
    const last = this.lastShown.get(id);
    if (last !== undefined && now - last < this.throttle[notice.kind]) return;
    if (this.pending.some((p) => p.kind === notice.kind && p.key === notice.key)) return;
    this.lastShown.set(id, now);
    this.pending.push(notice);
    this.timer ??= this.options.clock.setTimeout(() => {
      this.flush();
    }, this.combineWindowMs);
  }

  /** Shows what is pending now (also called by the combine timer). */
  flush(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    const first = batch[0];
    if (first === undefined) return;
    const action: NoticeAction = batch.some((n) => n.kind === 'auth-required' || n.kind === 'sign-in-lapsing')
      ? 'reauthorize'
      : 'open';
    if (batch.length === 1) {
      this.options.show({ title: first.title, body: first.body, action });
      return;
    }
    const ordered = [...batch].sort((a, b) => severity(b.kind) - severity(a.kind));
    this.options.show({
      title: `SyncBit: ${batch.length} things to look at`,
      body: ordered.map((n) => `• ${n.title}`).join('\n'),
      action,
    });
  }

  dispose(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}

function severity(kind: NoticeKind): number {
  switch (kind) {
    case 'auth-required':
    case 'sign-in-lapsing':
      return 4;
    case 'sync-failing':
      return 3;
    case 'destination-refusing':
      return 2;
    case 'backfill-done':
    case 'import-done':
      return 1;
  }
}

/** How long syncing must have failed before we say so. */
export const FAILING_FOR_MS = 3 * 3_600_000;
/** Consecutive failed deliveries before a destination "keeps refusing". */
export const REFUSALS_BEFORE_NOTICE = 3;

/**
 * Turns status changes into notices: authorization needs renewing, syncing failing for hours, a
 * destination that keeps refusing, the backfill finishing. Remembers the previous status so it
 * notices transitions, not states.
 */
export class StatusNotices {
  private previous: AppStatus | undefined;
  private failingSince: number | undefined;

  constructor(
    private readonly center: Pick<NotificationCenter, 'post'>,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  observe(status: AppStatus): void {
    const now = this.clock.now();
    const prev = this.previous;
    this.previous = status;

    if (status.errorCode === 'auth-required') {
      this.center.post({
        kind: 'auth-required',
        title: 'Google authorization needs renewing',
        body: 'SyncBit can no longer read your data. Click to sign in again.',
      });
    }

    if (
      status.errorCode !== 'auth-required' &&
      status.signInLapsesAt !== undefined &&
      now >= status.signInLapsesAt - 86_400_000
    ) {
      this.center.post({
        kind: 'sign-in-lapsing',
        title: 'Google sign-in lapses tomorrow',
        body: `Google ends SyncBit's sign-in at ${new Date(status.signInLapsesAt).toLocaleString()}. Click to re-authorize now.`,
      });
    }

    const failing =
      status.phase === 'attention' && status.errorCode !== undefined && status.errorCode !== 'auth-required';
    if (!failing) this.failingSince = undefined;
    else {
      this.failingSince ??=
        status.lastSyncAt !== undefined && status.lastSyncAt < now ? status.lastSyncAt : now;
      const hours = Math.floor((now - this.failingSince) / 3_600_000);
      if (now - this.failingSince >= FAILING_FOR_MS) {
        this.center.post({
          kind: 'sync-failing',
          title: `Syncing has failed for ${hours} hours`,
          body: status.message ?? 'Open SyncBit to see what went wrong.',
        });
      }
    }

    for (const d of status.destinations) {
      if (d.enabled && d.failed >= REFUSALS_BEFORE_NOTICE && d.lastError !== undefined) {
        const label = d.name === 'victoria' ? 'Victoria Metrics' : 'S3';
        this.center.post({
          kind: 'destination-refusing',
          key: d.name,
          title: `${label} keeps refusing data`,
          body: `${d.lastError} (${d.pending} waiting to be sent)`,
        });
      }
    }

    const left = (s: AppStatus): number => s.progress.reduce((n, p) => n + p.daysLeft, 0);
    if (prev !== undefined && left(prev) > 0 && left(status) === 0 && status.phase !== 'attention') {
      const days = status.progress.reduce((n, p) => n + p.daysDone, 0);
      this.center.post({
        kind: 'backfill-done',
        title: 'Your history is in',
        body: `SyncBit finished the backfill (${days} type-days). From now on it keeps up quietly.`,
      });
    }
  }
}
