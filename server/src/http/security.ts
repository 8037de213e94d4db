/**
 * Security middleware applied to every response and every state-changing
 * request. See docs/decisions/004-security.md.
 */
import type { MiddlewareHandler } from 'hono';
import { HttpProblem, problemResponse } from './problem';

/**
 * A CSP that suits the PWA: everything from our own origin, no inline script,
 * the service worker and manifest from 'self', no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function isHttps(url: string, forwardedProto: string | undefined): boolean {
  return url.startsWith('https:') || forwardedProto === 'https';
}

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'same-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (isHttps(c.req.url, c.req.header('x-forwarded-proto'))) {
      h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request protection for state-changing API requests:
 * - the body must be `application/json` (a cross-site page cannot send that
 *   without a CORS preflight, which this server never grants); hono's csrf()
 *   alone only covers form posts;
 * - an `Origin` header, when sent, must be our own origin;
 * - `Sec-Fetch-Site`, when sent, must be same-origin (or none: typed URL).
 * Requests from non-browser clients (no Origin, no Sec-Fetch-Site) carry no
 * ambient cookie from another site, so they pass to authentication.
 */
export function crossSiteProtection(publicOrigin: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const own = publicOrigin ?? new URL(c.req.url).origin;
    const fetchSite = c.req.header('sec-fetch-site');
    if (
      (origin && origin !== own) ||
      (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none')
    ) {
      return problemResponse(
        c,
        new HttpProblem(
          403,
          'Request refused',
          'This request came from another site, so it was not carried out.',
        ),
      );
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    const hasBody = c.req.header('content-length') !== '0' && c.req.method !== 'DELETE';
    if (hasBody && type !== 'application/json') {
      return problemResponse(
        c,
        new HttpProblem(
          415,
          'Send JSON',
          'State-changing requests must have the content type application/json.',
        ),
      );
    }
    return next();
  };
}
