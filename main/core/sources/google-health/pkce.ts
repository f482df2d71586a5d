/**
 * PKCE (RFC 7636) with S256, as Google requires for installed apps (reference §1.6): a 43–128
 * character verifier from the unreserved set and its BASE64URL(SHA-256) challenge.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

/** The S256 challenge of a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh verifier (64 random bytes → 86 base64url characters) and its challenge. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** A random, URL-safe `state` value (32 bytes of entropy). */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}
