/**
 * Turns Google Health API error responses (google.rpc.Status over REST, reference §4) into
 * SyncBitErrors with a stable code and a message a person can act on. Dispatch is on HTTP status,
 * then `error.status`, then `details[].reason`.
 */
import { z } from 'zod';
import { SyncBitError } from '../../errors.js';
import { redactText } from '../../log.js';
import { scopeForType, scopeLabel } from './scopes.js';

const statusSchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    details: z
      .array(
        z.looseObject({
          reason: z.string().optional(),
          metadata: z.record(z.string(), z.string()).optional(),
        }),
      )
      .optional(),
  }),
});

export interface ApiErrorInfo {
  readonly http: number;
  readonly status?: string;
  readonly message?: string;
  readonly reasons: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
}

/** Parses a google.rpc.Status body (object or JSON text); tolerant of anything else. */
export function parseApiError(http: number, body: unknown): ApiErrorInfo {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      value = undefined;
    }
  }
  const parsed = statusSchema.safeParse(value);
  if (!parsed.success) return { http, reasons: [], metadata: {} };
  const e = parsed.data.error;
  const metadata: Record<string, string> = {};
  for (const d of e.details ?? []) Object.assign(metadata, d.metadata ?? {});
  return {
    http,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.message !== undefined ? { message: redactText(e.message) } : {}),
    reasons: (e.details ?? []).flatMap((d) => (d.reason !== undefined ? [d.reason] : [])),
    metadata,
  };
}

/** What the request was about, for messages. */
export interface ErrorContext {
  /** `reconcile steps`, `identity`, … */
  readonly what: string;
  readonly type?: string;
}

/**
 * What to do when every Google Health call answers 403 RESOURCE_PERMISSION_DENIED: seen in the wild
 * (reference §6.7) even for apps published In production; only disconnecting and reconnecting helps.
 */
export const DISCONNECTED_MESSAGE =
  'Google refuses every SyncBit request (403 RESOURCE_PERMISSION_DENIED): the app was disconnected on ' +
  "Google's side. Remove SyncBit at https://myaccount.google.com/connections, then authorize again " +
  '(`syncbit authorize`, or Re-authorize in the app).';

/**
 * A 403 RESOURCE_PERMISSION_DENIED for one data type. On one type it means that permission was not
 * granted; on every type the sync engine turns it into DISCONNECTED_MESSAGE.
 */
export class ResourcePermissionDeniedError extends SyncBitError {
  constructor(message: string) {
    super('scope-missing', message);
  }
}

/** True for responses worth retrying with backoff (429, 5xx). */
export function isRetryableStatus(http: number): boolean {
  return http === 429 || http === 408 || http >= 500;
}

/** Maps a non-retryable error response to a SyncBitError (401 is handled by the client). */
export function toApiError(info: ApiErrorInfo, ctx: ErrorContext): SyncBitError {
  const detail = info.message !== undefined ? ` (Google said: ${info.message})` : '';
  if (
    info.reasons.includes('ACCOUNT_NOT_LINKED') ||
    (info.http === 400 && info.status === 'FAILED_PRECONDITION')
  ) {
    return new SyncBitError(
      'account-not-linked',
      `Your Google account has no Google Health profile yet${detail}. Open the Fitbit (Google Health) app on your phone, sign in with this Google account, then sync again.`,
    );
  }
  if (info.http === 403) {
    if (/UberMint|GaiaMint/i.test(info.message ?? ''))
      return new SyncBitError(
        'account-not-linked',
        `Google refused the data because the consent was given with a legacy Fitbit login${detail}. Sign in to the Fitbit app with Google, then re-authorize SyncBit (syncbit authorize).`,
      );
    if (info.reasons.includes('SERVICE_DISABLED'))
      return new SyncBitError(
        'api-error',
        `The Google Health API is not enabled in your Google Cloud project${detail}. Enable "Google Health API" (health.googleapis.com) in the Cloud console, then sync again.`,
      );
    if (ctx.what.startsWith('export TCX')) {
      return new SyncBitError(
        'scope-missing',
        `Exercise GPS tracks need the Location permission, which was not granted${detail}. Re-authorize SyncBit and tick "Location" to get TCX tracks; everything else keeps syncing.`,
      );
    }
    const scope = ctx.type !== undefined ? scopeForType(ctx.type) : undefined;
    const which = ctx.type !== undefined ? ctx.type : ctx.what;
    const message = `Google did not grant access to ${which}${scope !== undefined ? ` (permission "${scopeLabel(scope)}", ${scope})` : ''}${detail}. Re-authorize SyncBit (syncbit authorize, or Re-authorize in the app) and tick that permission on the consent screen; other data types keep syncing.`;
    if (info.reasons.includes('RESOURCE_PERMISSION_DENIED')) {
      // Without a data type (identity) nothing at all is allowed: the app was disconnected.
      if (ctx.type === undefined && ctx.what === 'identity')
        return new SyncBitError('auth-required', DISCONNECTED_MESSAGE);
      return new ResourcePermissionDeniedError(message);
    }
    return new SyncBitError('scope-missing', message);
  }
  if (info.http === 404)
    return new SyncBitError('not-found', `Google Health API: ${ctx.what} was not found${detail}.`);
  const reason = info.reasons[0] !== undefined ? ` [${info.reasons[0]}]` : '';
  return new SyncBitError(
    'api-error',
    `Google Health API rejected ${ctx.what} with HTTP ${info.http}${info.status !== undefined ? ` ${info.status}` : ''}${reason}${detail}. This is a SyncBit bug, not something you did; please report it with this message.`,
  );
}
