/**
 * The origin to put in links sent by email. PUBLIC_ORIGIN when set. Without
 * it, the request's own origin is used outside production only: a reset
 * request with a forged Host header must never mail a victim a link to
 * someone else's site.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { HttpProblem } from './problem';

export function publicOrigin(c: Context<AppEnv>): string {
  const { config } = c.get('deps');
  if (config.PUBLIC_ORIGIN) return config.PUBLIC_ORIGIN.replace(/\/$/, '');
  if (config.NODE_ENV === 'production')
    throw new HttpProblem(
      503,
      'Email links are not configured',
      'The service needs PUBLIC_ORIGIN to send links by email. Tell your partnership.',
    );
  return new URL(c.req.url).origin;
}
