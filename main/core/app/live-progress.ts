/** Per-type sync progress for the app's status, folded from the engine's events. */
import type { DataTypeId } from '../model/data-types.js';
import type { SyncEvent } from '../sync/progress.js';
import type { TypeProgress } from './types.js';

export class LiveProgress {
  types = new Map<DataTypeId, TypeProgress>();
  etaMs: number | undefined;
  quotaWaitUntil: number | undefined;

  /** Folds one engine event in; `now` clears a quota wait that has passed. */
  apply(e: SyncEvent, now: number): void {
    switch (e.kind) {
      case 'started':
        this.types = new Map(
          e.types.map((t) => [
            t.type,
            { type: t.type, daysDone: 0, daysLeft: t.daysTotal, state: 'syncing' },
          ]),
        );
        this.etaMs = undefined;
        this.quotaWaitUntil = undefined;
        break;
      case 'day':
        this.types.set(e.type, {
          type: e.type,
          daysDone: e.daysDone,
          daysLeft: e.daysLeft,
          state: 'syncing',
        });
        this.etaMs = e.overall.etaMs;
        if (this.quotaWaitUntil !== undefined && this.quotaWaitUntil < now) this.quotaWaitUntil = undefined;
        break;
      case 'type-finished':
        this.finished(e.summary);
        break;
      case 'rate-limit-wait':
        this.quotaWaitUntil = e.untilMs;
        break;
      case 'finished':
        this.etaMs = undefined;
        this.quotaWaitUntil = undefined;
        break;
    }
  }

  private finished(s: Extract<SyncEvent, { kind: 'type-finished' }>['summary']): void {
    const state: TypeProgress['state'] =
      s.state === 'ok' || s.state === 'skipped' || s.state === 'cancelled'
        ? 'ok'
        : s.state === 'scope-missing'
          ? 'scope-missing'
          : 'failed';
    this.types.set(s.type, {
      type: s.type,
      daysDone: s.daysFetched + s.daysEmpty,
      daysLeft: 0,
      state,
      ...(s.error ? { message: s.error.message } : {}),
    });
  }
}
