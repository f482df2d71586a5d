/** `syncbit rebuild-index`: rebuilds the archive index from the day files, holding the data folder. */
import type { Session } from './session.js';

/** Rebuilds the index; lists corrupt day files left untouched. */
export function rebuildIndex(session: Session): Promise<{ days: number; corrupt: readonly string[] }> {
  return session.exclusive(() => session.archive.rebuildIndex());
}
