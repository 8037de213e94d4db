import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env';
import { requirePartnership, type PartnershipAccess } from '../../auth/access';

/**
 * For routes under `/partnerships/:pid`, after `pathParams` has checked the
 * id: the caller must be able to `need` (view or manage) that partnership;
 * refused, the answer is a 404 or 403 and an audit row (auth/access.ts).
 */
export function partnershipAccess(need: PartnershipAccess): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await requirePartnership(c, c.req.param('pid') ?? '', need);
    await next();
  };
}
