/**
 * "Status": what the archive holds per data type, and each destination's outbox. `syncbit status`
 * prints it; the app shows the destinations part in its Sync view.
 */
import type { OutboxStatus } from '../export/outbox.js';
import { outboxStatuses } from '../export/exporters.js';
import type { DestinationName } from '../export/types.js';
import { archiveStatus, type ArchiveStatus } from '../sync/archive-status.js';
import type { DestinationStatus } from './types.js';
import { exportSetup } from './export-now.js';
import { accountLabel } from './account.js';
import type { Session } from './session.js';

/** Who is signed in and when that sign-in lapses (Testing projects: 7 days after consent). */
export interface SignInStatus {
  readonly account: string;
  /** UTC ISO-8601. */
  readonly lapsesAt?: string;
}

const ALL: readonly DestinationName[] = ['victoria', 's3'];

/** The archive per type and the enabled destinations' outboxes. */
export async function readStatus(
  session: Session,
): Promise<{ archive: ArchiveStatus; destinations: OutboxStatus[]; signIn?: SignInStatus }> {
  const { enabled } = await exportSetup(session);
  const account = await session.accounts.read();
  return {
    ...(account === undefined
      ? {}
      : {
          signIn: {
            account: accountLabel(account),
            ...(account.signInLapsesAt === undefined
              ? {}
              : { lapsesAt: new Date(account.signInLapsesAt).toISOString() }),
          },
        }),
    archive: archiveStatus(session.dataDir, session.archive, session.coverage),
    destinations: await outboxStatuses(session.dataDir, enabled, session.archive),
  };
}

/** Every destination (enabled or not) as the app's status shows it. */
export async function destinationStatuses(session: Session): Promise<DestinationStatus[]> {
  const { enabled } = await exportSetup(session);
  // Enabled outboxes first queue the archived days they lack, so they show as pending.
  const on = await outboxStatuses(session.dataDir, enabled, session.archive);
  const off = await outboxStatuses(
    session.dataDir,
    ALL.filter((d) => !enabled.includes(d)),
  );
  const statuses = ALL.flatMap((d) => [...on, ...off].filter((s) => s.destination === d));
  return statuses.map((st) => ({
    name: st.destination,
    enabled: enabled.includes(st.destination),
    pending: st.pending,
    failed: st.failed,
    ...(st.lastError ? { lastError: st.lastError.message } : {}),
    ...(st.nextAttemptAt === undefined ? {} : { nextAttemptAt: st.nextAttemptAt }),
    warnings: st.warnings,
  }));
}
