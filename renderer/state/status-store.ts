/**
 * The app status as an observable value: the latest `AppStatus` the main process reported, read
 * with `get()` and followed with `subscribe()`. The renderer entry sets it from the bridge's
 * `sync:status-changed` events; the frame and the views read and follow it.
 */
import type { AppStatus } from '../../common/app-types.js';

export type StatusListener = (status: AppStatus) => void;

export interface StatusStore {
  /** The latest known status (undefined until the first one arrives). */
  get(): AppStatus | undefined;
  /** Replaces the status and tells every subscriber, in the order they subscribed. */
  set(status: AppStatus): void;
  /** Calls `listener` on every later change; the returned function stops that. */
  subscribe(listener: StatusListener): () => void;
}

export function createStatusStore(initial?: AppStatus): StatusStore {
  let current = initial;
  const listeners = new Set<StatusListener>();
  return {
    get: () => current,
    set: (status) => {
      current = status;
      // A listener unsubscribed by an earlier one (a view left) is not called any more.
      for (const listener of [...listeners]) if (listeners.has(listener)) listener(status);
    },
    subscribe: (listener) => {
      // A wrapper per subscription, so one function subscribed twice is also unsubscribed twice.
      const entry: StatusListener = (s) => {
        listener(s);
      };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
  };
}
