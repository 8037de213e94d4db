/**
 * A real OpenID Connect provider (the `oidc-provider` package) on loopback,
 * for single sign-on tests: no mock. The test chooses who "signs in" at the
 * provider next (`provider.nextLogin`), and may make the provider misbehave
 * (`provider.tamper`: an ID token re-signed with the provider's own key but
 * a wrong audience or nonce) to prove the service refuses it.
 */
import type { Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import Provider from 'oidc-provider';
import { freePort } from './postgres-server';

export interface TestAccount {
  sub: string;
  email: string;
  emailVerified: boolean;
  name?: string;
  /** Authentication methods the provider reports, e.g. ['pwd', 'mfa']. */
  amr?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Who signs in at the provider on the next authorisation request. */
  nextLogin: TestAccount;
  /** Rewrites the ID token the token endpoint returns (then re-signs it). */
  tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | null;
  close(): Promise<void>;
}

export async function startOidcProvider(
  opts: { redirectUri?: string } = {},
): Promise<TestOidcProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${String(port)}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const accounts = new Map<string, TestAccount>();
  const state: TestOidcProvider = {
    issuer,
    clientId: 's11-portal',
    clientSecret: 'a-client-secret-long-enough-for-hs256-0123456789',
    redirectUri: opts.redirectUri ?? 'http://localhost/api/auth/oidc/callback',
    nextLogin: { sub: 'nobody', email: 'nobody@example.org', emailVerified: false },
    tamper: null,
    close: () => Promise.resolve(),
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        redirect_uris: [state.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      // Another client of the same provider, for the wrong-audience token.
      {
        client_id: 'another-service',
        client_secret: 'another-secret-long-enough-for-hs256-0123456789',
        redirect_uris: ['http://localhost/elsewhere'],
      },
    ],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    claims: {
      // As Entra ID does: the ID token says how the person authenticated.
      openid: ['sub', 'amr'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['test-cookie-signing-key'] },
    findAccount: (_ctx, sub) => {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: a.email,
          email_verified: a.emailVerified,
          ...(a.name ? { name: a.name } : {}),
        }),
      };
    },
    // Consent is implied: the test provider grants the scopes asked for.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client?.clientId ?? '',
        accountId: ctx.oidc.session?.accountId ?? '',
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });

  // The login "page": whoever the test chose signs in at once.
  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith('/interaction/')) {
      const who = state.nextLogin;
      accounts.set(who.sub, who);
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId: who.sub, ...(who.amr ? { amr: who.amr } : {}) } },
        { mergeWithLastSubmission: false },
      );
      ctx.respond = false;
      return;
    }
    await next();
    // A misbehaving provider: the same key signs a token with wrong claims.
    if (ctx.path === '/token' && state.tamper && ctx.status === 200) {
      const body = ctx.body as { id_token?: string };
      if (body.id_token) {
        const claims = state.tamper({ ...decodeJwt(body.id_token) });
        const header = decodeProtectedHeader(body.id_token);
        const idToken = await new SignJWT(claims)
          .setProtectedHeader({ alg: header.alg ?? 'RS256', kid: header.kid ?? 'test-key' })
          .sign(privateKey);
        ctx.body = { ...body, id_token: idToken };
      }
    }
  });

  const server: Server = provider.listen(port, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** Follows the provider's redirects (keeping its cookies) until it sends the browser back to us. */
export async function signInAtProvider(
  authorisationUrl: string,
  redirectUri: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorisationUrl;
  for (let i = 0; i < 10; i++) {
    if (url.startsWith(redirectUri)) return new URL(url);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = (pair ?? '').indexOf('=');
      if (eq > 0) jar.set((pair ?? '').slice(0, eq), (pair ?? '').slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location)
      throw new Error(`The provider answered ${String(res.status)} without a redirect`);
    url = new URL(location, url).toString();
  }
  throw new Error('Too many redirects at the provider');
}
