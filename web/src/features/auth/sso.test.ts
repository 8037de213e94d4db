import { describe, expect, it } from 'vitest';
import { SSO_REFUSAL_REASONS } from '@s11/shared';
import { ssoRefusal } from './sso';

describe('a refused sign-on, as the sign-in page says it', () => {
  it('has words a person can act on for every reason the server sends back', () => {
    const messages = SSO_REFUSAL_REASONS.map((r) => ssoRefusal(`?sso=${r}`));
    for (const m of messages) expect(m).toMatch(/\w+ \w+/);
    expect(new Set(messages).size).toBe(SSO_REFUSAL_REASONS.length);
    expect(ssoRefusal('?sso=unknown')).toMatch(/Ask your partnership manager to invite you/);
  });

  it('reads a reason it does not know as a failure, and no reason as nothing to say', () => {
    expect(ssoRefusal('?sso=<script>')).toBe(ssoRefusal('?sso=failed'));
    expect(ssoRefusal('')).toBeNull();
  });
});
