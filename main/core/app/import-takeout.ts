/**
 * "Import a Takeout export": `syncbit import`, the wizard's import step and the app's Import view
 * all come here. The import holds the data folder for its whole run, so another program's sync or
 * import never interleaves with it (and never deletes its live staging folder).
 */
import {
  runTakeoutImport,
  type TakeoutImportOptions,
  type TakeoutImportResult,
} from '../sync/takeout-import.js';
import type { Session } from './session.js';

/** Imports one Takeout export (one or more input paths); the zone defaults to the settings' one. */
export function importTakeoutExport(
  session: Session,
  paths: readonly string[],
  options: TakeoutImportOptions = {},
): Promise<TakeoutImportResult> {
  const timezone = options.timezone ?? session.loaded.settings.timezone;
  return session.exclusive(() =>
    runTakeoutImport(session, paths, { ...options, ...(timezone === undefined ? {} : { timezone }) }),
  );
}
