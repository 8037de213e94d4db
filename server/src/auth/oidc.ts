/**
 * Single sign-on with an organisation's OpenID Connect provider (Entra ID and
 * the like) through openid-client: the authorisation code flow with PKCE,
 * state and nonce. openid-client checks the ID token's signature, issuer,
 * audience, expiry and nonce; anything wrong is a refused sign-in. Configured
 * globally by OIDC_* environment variables (see README). The routes are in
 * routes/sso.ts; the decision in docs/decisions/009-second-factor-and-sso.md.
 */
import * as client from 'openid-client';
import type { Config } from '../config';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
}

export function oidcSettings(config: Config): OidcSettings | null {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET) return null;
  return {
    issuer: config.OIDC_ISSUER,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    displayName: config.OIDC_DISPLAY_NAME,
  };
}

/** Plain HTTP is allowed only for a provider on this machine (tests, a local IdP). */
function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

const discovered = new Map<string, Promise<client.Configuration>>();

/** The provider's metadata, discovered once per process (retried after a failure). */
export function providerConfiguration(s: OidcSettings): Promise<client.Configuration> {
  const key = `${s.issuer} ${s.clientId}`;
  let p = discovered.get(key);
  if (!p) {
    const issuer = new URL(s.issuer);
    p = client.discovery(issuer, s.clientId, s.clientSecret, undefined, {
      ...(issuer.protocol === 'http:' && isLoopback(issuer)
        ? { execute: [client.allowInsecureRequests] }
        : {}),
    });
    p.catch(() => discovered.delete(key));
    discovered.set(key, p);
  }
  return p;
}

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Where to send the browser, and what the callback must find again. */
export async function authorisationRedirect(
  s: OidcSettings,
  redirectUri: string,
): Promise<{ url: URL; pending: PendingLogin }> {
  const config = await providerConfiguration(s);
  const pending: PendingLogin = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, pending };
}

export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string;
  /** The provider did multi-factor authentication (`amr` contains `mfa`). */
  multiFactor: boolean;
}

/**
 * Exchanges the code (with the PKCE verifier) and checks the ID token
 * (signature, issuer, audience, expiry, nonce) and the state. Throws on
 * anything wrong.
 */
export async function completeLogin(
  s: OidcSettings,
  callbackUrl: URL,
  pending: PendingLogin,
): Promise<VerifiedIdentity> {
  const config = await providerConfiguration(s);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('No ID token');
  // Some providers put the email only in the userinfo answer (checked to be the same subject).
  let profile: Record<string, unknown> = claims;
  if (typeof claims.email !== 'string') {
    profile = {
      ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)),
      ...claims,
    };
  }
  const email = typeof profile.email === 'string' ? profile.email.trim().toLowerCase() : null;
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email,
    emailVerified: profile.email_verified === true,
    name: typeof profile.name === 'string' ? profile.name.slice(0, 200) : '',
    multiFactor: amr.includes('mfa'),
  };
}
