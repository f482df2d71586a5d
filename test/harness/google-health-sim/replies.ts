/**
 * What the simulator answers with: google.rpc.Status errors (ApiError and its JSON reply), 200 JSON
 * replies, and the opaque page tokens bound to a hash of the request's other parameters.
 */
import { createHash } from 'node:crypto';
import type { HttpReply } from './oauth.js';

/** An API error as Google reports it: HTTP status, rpc status, message, ErrorInfo reason/metadata. */
export class ApiError extends Error {
  constructor(
    readonly http: number,
    readonly status: string,
    message: string,
    readonly reason?: string,
    readonly metadata?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** A 400 INVALID_ARGUMENT with `reason` (default INVALID_ARGUMENT). */
export function invalidArgument(
  message: string,
  reason = 'INVALID_ARGUMENT',
  metadata?: Record<string, string>,
): ApiError {
  return new ApiError(400, 'INVALID_ARGUMENT', message, reason, metadata);
}

/** The google.rpc.Status body of an error. */
export function errorBody(e: ApiError): unknown {
  const details =
    e.reason !== undefined
      ? [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: e.reason,
            domain: 'health.googleapis.com',
            metadata: e.metadata ?? {},
          },
        ]
      : [];
  return {
    error: {
      code: e.http,
      message: e.message,
      status: e.status,
      ...(details.length > 0 ? { details } : {}),
    },
  };
}

export function errorReply(e: ApiError): HttpReply {
  return {
    status: e.http,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...(e.headers ?? {}) },
    body: JSON.stringify(errorBody(e), null, 2),
  };
}

export const ok = (body: unknown): HttpReply => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=UTF-8' },
  body: JSON.stringify(body),
});

export function encodeToken(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

export function decodeToken(t: string): unknown {
  try {
    return JSON.parse(Buffer.from(t, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export function hashOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 16);
}

export const INVALID_PAGE_TOKEN = (): ApiError =>
  invalidArgument(
    'The page token is invalid or does not match the request parameters.',
    'INVALID_PAGE_TOKEN',
  );
