/**
 * The settings the Settings view shows, in groups: syncing, the Google client, the archive, the
 * destinations (from the shared destination form), general and advanced.
 */
import { destinationGroup } from '../parts/destination-form.js';
import type { FieldSpec, SecretSpec } from '../parts/field-spec.js';

export interface Group {
  readonly title: string;
  readonly description: string;
  readonly fields: readonly FieldSpec[];
  readonly secrets?: readonly SecretSpec[];
}

export const GROUPS: readonly Group[] = [
  {
    title: 'Syncing',
    description: 'How often SyncBit asks Google for new data and how far back it goes.',
    fields: [
      {
        path: 'syncIntervalMinutes',
        label: 'Sync every (minutes)',
        kind: 'int',
        hint: 'Between 5 and 1440. Default 15.',
      },
      {
        path: 'backfillDays',
        label: 'Backfill (days)',
        kind: 'int',
        hint: 'How many past days the first sync fetches.',
      },
      {
        path: 'finalisationDays',
        label: 'Re-check recent days',
        kind: 'int',
        hint: 'Phones upload late: recent days are re-read until they stop changing.',
      },
      {
        path: 'timezone',
        label: 'Time zone',
        kind: 'text',
        optional: true,
        hint: 'IANA name such as Europe/London. Empty: use the zone in your data.',
      },
    ],
  },
  {
    title: 'Google account',
    description:
      'The OAuth client SyncBit signs in with. The secret goes to your system keychain, never to the settings file.',
    fields: [
      {
        path: 'google.clientId',
        label: 'OAuth client ID',
        kind: 'text',
        optional: true,
        hint: 'Ends in .apps.googleusercontent.com',
      },
    ],
    secrets: [
      {
        name: 'googleClientSecret',
        label: 'OAuth client secret',
        hint: 'Write-only: SyncBit never shows it again.',
      },
    ],
  },
  {
    title: 'Local archive',
    description: 'One compressed JSON file per day in your data folder — readable without SyncBit.',
    fields: [{ path: 'archive.enabled', label: 'Keep the local archive', kind: 'bool' }],
  },
  destinationGroup('victoria'),
  destinationGroup('s3'),
  {
    title: 'General',
    description: 'Everything else.',
    fields: [
      {
        path: 'userLabel',
        label: 'User label',
        kind: 'text',
        hint: 'Tags your data at the destinations.',
      },
      { path: 'logLevel', label: 'Log level', kind: 'select', options: ['debug', 'info', 'warn', 'error'] },
      {
        path: 'tokenStore',
        label: 'Keep tokens in',
        kind: 'select',
        options: ['keychain', 'file'],
        appLocked: true,
        hint: 'Set SYNCBIT_TOKEN_STORE=file (or tokenStore in config.json) to keep them in a private file when no keychain is available.',
      },
    ],
  },
  {
    title: 'Advanced',
    description:
      'Google endpoints. They receive your tokens, so they are set only in the environment (GOOGLE_HEALTH_API_URL, GOOGLE_OAUTH_AUTHORIZE_URL, GOOGLE_OAUTH_TOKEN_URL, GOOGLE_OAUTH_REVOKE_URL) or config.json, never from this window.',
    fields: [
      { path: 'google.apiUrl', label: 'Health API URL', kind: 'url', appLocked: true },
      { path: 'google.authorizeUrl', label: 'Authorize URL', kind: 'url', appLocked: true },
      { path: 'google.tokenUrl', label: 'Token URL', kind: 'url', appLocked: true },
      { path: 'google.revokeUrl', label: 'Revoke URL', kind: 'url', appLocked: true },
    ],
  },
];
