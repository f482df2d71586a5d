/**
 * What the entries (CLI commands, IPC handlers) need from deeper core modules to parse arguments
 * and present results, re-exported here so that main/cli and main/shell import only the
 * application layer (the lint rule in eslint.config.js).
 */
export { formatSummary, type SyncEvent, type SyncResult } from '../sync/progress.js';
export { formatImportReport } from '../sources/takeout/report.js';
export { scopeLabel } from '../sources/google-health/scopes.js';
export { isDestinationName, type DestinationName } from '../export/types.js';
export type { SettingsPersister } from '../store/settings.js';
