/**
 * docs/limits.md lists every limit in one place: it must say what the code
 * does. Each row is checked against the constant it names.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, LIMITS } from '@s11/shared';
import { MAX_BODY_BYTES } from './app';
import { INVITATION_DAYS } from './auth/invitations';
import { RESET_ACCOUNT, RESET_ADDRESS, RESET_MINUTES } from './auth/credentials';
import { SIGN_IN_ACCOUNT, SIGN_IN_ADDRESS, WORK_LIMITS, type Limit } from './auth/rate-limit';
import { RECOVERY_CODE_COUNT } from './auth/second-factor';
import { PENDING_SECOND_FACTOR_MINUTES } from './auth/sessions';
import { TOTP_PERIOD_SECONDS } from './auth/totp';
import { loadConfig } from './config';
import { PULL_LIMIT } from './sync/pull';

const doc = readFileSync(new URL('../../docs/limits.md', import.meta.url), 'utf8');
/** The table row whose first cell starts with `label`, spaces collapsed. */
function row(label: string): string {
  const line = doc
    .split('\n')
    .find((l) => l.startsWith('|') && l.slice(1).trim().startsWith(label));
  if (!line) throw new Error(`docs/limits.md has no row "${label}"`);
  return line.replace(/\s+/g, ' ');
}
const n = (x: number) => x.toLocaleString('en-GB');
const per = (l: Limit) => {
  const minutes = l.windowMs / 60_000;
  return minutes === 1 ? 'per minute' : `per ${String(minutes)} minutes`;
};

describe('docs/limits.md matches the code', () => {
  it('sizes', () => {
    expect(row('Request body')).toContain(`${String(MAX_BODY_BYTES / 1024 / 1024)} MB`);
    expect(row('Mutations in one push')).toContain(`| ${n(LIMITS.pushBatch)} |`);
    expect(row('Changes a pull answers')).toContain(`${n(PULL_LIMIT)} (then`);
    expect(row('Actions per standard')).toContain(`| ${n(LIMITS.actionsPerStandard)} |`);
    expect(row('Text fields')).toContain(
      `${n(LIMITS.name)} / ${n(LIMITS.note)} / ${n(LIMITS.longText)} characters`,
    );
    expect(row('Dates')).toContain(`${LIMITS.dates.earliest} to ${LIMITS.dates.latest}`);
    expect(row('Sync cursor')).toContain(n(Number.MAX_SAFE_INTEGER));
  });

  it('imports', () => {
    expect(row('File size')).toContain(
      `${String(IMPORT_LIMITS.bytes / 1024 / 1024)} MB (${n(IMPORT_LIMITS.bytes)} bytes`,
    );
    expect(row('Organisations (non-blank rows)')).toContain(`| ${n(IMPORT_LIMITS.rows)} |`);
    expect(row('Rows listed in a preview')).toContain(`| ${n(IMPORT_LIMITS.listedRows)} (`);
    expect(row('Problems listed')).toContain(`| ${n(IMPORT_LIMITS.listedRows)} rows`);
    expect(row('A cell echoed back')).toContain(`| ${n(IMPORT_LIMITS.echoedChars)} characters`);
  });

  it('per-user work', () => {
    expect(row('Push (')).toContain(
      `${n(WORK_LIMITS.push.limit)} mutations ${per(WORK_LIMITS.push)}`,
    );
    expect(row('Cycle report')).toContain(
      `${n(WORK_LIMITS.reports.limit)} requests ${per(WORK_LIMITS.reports)}`,
    );
    expect(row('Exports')).toContain(
      `${n(WORK_LIMITS.exports.limit)} requests ${per(WORK_LIMITS.exports)}`,
    );
  });

  it('sign-in, password and second factor', () => {
    const l = (x: Limit) => `${n(x.limit)} ${per(x)}`;
    expect(row('Sign-in attempts per account')).toContain(l(SIGN_IN_ACCOUNT));
    expect(row('Sign-in attempts per client')).toContain(l(SIGN_IN_ADDRESS));
    expect(row('Current password')).toContain(l(SIGN_IN_ACCOUNT));
    expect(row('Second-factor codes per person')).toContain(l(SIGN_IN_ACCOUNT));
    expect(row('Second-factor codes per client')).toContain(l(SIGN_IN_ADDRESS));
    expect(row('Password reset requests')).toContain(l(RESET_ADDRESS));
    expect(row('Password reset emails')).toContain(l(RESET_ACCOUNT));
  });

  it('lifetimes', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(row('Session, idle')).toContain(`${String(config.SESSION_IDLE_MINUTES)} minutes`);
    expect(row('Session, absolute')).toContain(`${String(config.SESSION_ABSOLUTE_HOURS)} hours`);
    expect(row('Session still owing')).toContain(
      `${String(PENDING_SECOND_FACTOR_MINUTES)} minutes`,
    );
    expect(row('Password reset link')).toContain(`${String(RESET_MINUTES)} minutes`);
    expect(row('Invitation link')).toContain(`${String(INVITATION_DAYS)} days`);
    expect(row('Authenticator code')).toContain(`${String(TOTP_PERIOD_SECONDS)}-second steps`);
    expect(row('Recovery codes')).toContain(`${String(RECOVERY_CODE_COUNT)}, each single use`);
  });
});
