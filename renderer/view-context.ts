/** What every view receives from the app frame: the latest status, a subscription, navigation. */
import type { AppStatus } from '../common/app-types.js';
import type { ViewName } from '../preload/contract.js';

export interface ViewContext {
  /** The latest known status (kept fresh by the `sync:status-changed` event). */
  status(): AppStatus | undefined;
  /** Subscribes to status changes for as long as the view is shown. */
  onStatus(listener: (status: AppStatus) => void): void;
  navigate(view: ViewName): void;
  /** Registers a clean-up (chart destroy, timers) run when the view is left. */
  onLeave(cleanup: () => void): void;
}

/** A view draws itself into `root`; it marks `root.dataset.ready` once its data is shown. */
export type View = (root: HTMLElement, ctx: ViewContext) => void;
