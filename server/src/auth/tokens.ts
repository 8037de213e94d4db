import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: for session cookies and invitation links. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this hash is stored, so a copy of the database does not hold usable tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
