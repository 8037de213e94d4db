/**
 * Passwords, following NCSC and NIST SP 800-63B: argon2id at OWASP's
 * settings; at least 12 characters and up to 128 accepted; no composition
 * rules; a bundled list of common passwords refused; paste always allowed.
 */
import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { LIMITS } from '@s11/shared';

const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean),
);

/** OWASP's argon2id recommendation: m=19 MiB, t=2, p=1. */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function passwordProblem(password: string, email = ''): string | null {
  if ([...password].length < LIMITS.password.min)
    return `Your password must be at least ${String(LIMITS.password.min)} characters`;
  if ([...password].length > LIMITS.password.max)
    return `Your password must be ${String(LIMITS.password.max)} characters or fewer`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower))
    return 'That password is too common. Choose one that would be hard to guess, such as three random words';
  const local = email.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4 && lower.includes(local))
    return 'Your password must not contain your email address';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so timing does not reveal accounts.
    await hash(password, ARGON2);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
