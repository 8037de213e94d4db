import { Hono } from 'hono';
import { ServiceInfoSchema, type ServiceInfo } from '@s11/shared';
import type { AppEnv } from '../app-env';
import { describe, json } from '../http/openapi-route';

/**
 * Who runs the service and how to reach them, for the footer's pages. Public:
 * the accessibility statement and the privacy notice must be readable
 * before signing in.
 */
export function serviceInfoRoutes() {
  return new Hono<AppEnv>().get(
    '/',
    describe({
      operationId: 'getServiceInfo',
      summary: 'Who runs this service and how to reach them',
      tags: ['service'],
      public: true,
      responses: { 200: json(ServiceInfoSchema, 'The operator and its contact address') },
    }),
    (c) => {
      const { config } = c.get('deps');
      return c.json({
        ownerName: config.SERVICE_OWNER_NAME ?? null,
        contactEmail: config.SERVICE_CONTACT_EMAIL ?? null,
      } satisfies ServiceInfo);
    },
  );
}
