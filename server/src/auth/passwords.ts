/**
 * Passwords, following NCSC and NIST SP 800-63B: argon2id at OWASP's
 * settings; at least 12 characters and up to 128 accepted; no composition
 * rules; paste always allowed. Refused: common passwords (the 49,000-word
 * list maintained in @zxcvbn-ts/language-common, plus `common-passwords.txt`
 * for words of this service and sector), lone surrogates and control
 * characters. Passwords are normalised to NFC before hashing and checking
 * (NIST 5.1.1.2), so the same password typed on an iPad and a PC matches.
 */
import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { LIMITS } from '@s11/shared';

const COMMON = new Set([
  ...dictionary['passwords-common'],
  ...readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean),
]);

/** How many common passwords are refused (for the tests and the docs). */
export const COMMON_PASSWORD_COUNT = COMMON.size;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** NFC, so composed and decomposed accents are one password. */
export const normalisePassword = (password: string) => password.normalize('NFC');

/** OWASP's argon2id recommendation: m=19 MiB, t=2, p=1. */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function passwordProblem(raw: string, email = ''): string | null {
  // Checked before normalising: normalize() would pass a lone surrogate through.
  if (LONE_SURROGATE.test(raw))
    return 'Your password contains a broken character (part of an emoji or symbol). Type it again';
  if (CONTROL.test(raw))
    return 'Your password contains a hidden control character. Type it again rather than pasting it';
  const password = normalisePassword(raw);
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
  return hash(normalisePassword(password), ARGON2);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so timing does not reveal accounts.
    await hash(password, ARGON2);
    return false;
  }
  try {
    if (await verify(stored, normalisePassword(password))) return true;
    // Hashes made before normalisation took the password as typed.
    return password !== normalisePassword(password) && (await verify(stored, password));
  } catch {
    return false;
  }
}
