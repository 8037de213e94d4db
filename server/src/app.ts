/**
 * The Hono app: one sub-app per resource, mounted here. `AppType` is what the
 * web client's `hc<AppType>` is typed with.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps, AppEnv } from './app-env';
import {
  HttpProblem,
  clientAborted,
  isClientAbort,
  notFound,
  problemResponse,
  unstorableText,
} from './http/problem';
import { errorFields, requestLogger } from './http/logger';
import { crossSiteProtection, securityHeaders } from './http/security';
import { staticApp } from './http/static';
import { healthRoutes } from './routes/health';
import { serviceInfoRoutes } from './routes/service-info';
import { authRoutes } from './routes/auth';
import { invitationAcceptRoutes, partnershipInvitationRoutes } from './routes/invitations';
import { passwordRoutes } from './routes/password';
import { secondFactorRoutes } from './routes/second-factor';
import { ssoRoutes } from './routes/sso';
import { organisationPeopleRoutes, peopleRoutes } from './routes/people';
import { partnershipRoutes } from './resources/partnerships/routes';
import { organisationRoutes } from './resources/organisations/routes';
import { cycleRoutes } from './resources/cycles/routes';
import { returnRoutes } from './resources/returns/routes';
import { reportRoutes } from './resources/reports/routes';
import { syncRoutes } from './resources/sync/routes';
import { sessionMiddleware } from './auth/access';
import { openApiDocument, type OpenApiDocument } from './openapi';
import { describe, json } from './http/openapi-route';
import { isDatabaseUnavailable, isUnstorableText } from './db/errors';

/** 2 MB is ample for a push batch or a CSV import of a few thousand organisations. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

function apiRoutes() {
  return (
    new Hono<AppEnv>()
      .route('/health', healthRoutes())
      .route('/service', serviceInfoRoutes())
      .route('/auth/second-factor', secondFactorRoutes())
      .route('/auth/oidc', ssoRoutes())
      .route('/auth', authRoutes())
      .route('/auth/invitations', invitationAcceptRoutes())
      .route('/auth/password', passwordRoutes())
      .route('/partnerships', partnershipInvitationRoutes())
      .route('/partnerships', peopleRoutes())
      .route('/organisations', organisationPeopleRoutes())
      // The partnership data resources (server/src/resources/<resource>/routes.ts,
      // ADR 017) declare their whole paths: a resource's routes stay together
      // whatever URL prefix they sit under.
      .route('/', partnershipRoutes())
      .route('/', organisationRoutes())
      .route('/', cycleRoutes())
      .route('/', returnRoutes())
      .route('/', reportRoutes())
      .route('/', syncRoutes())
      .get(
        '/openapi.json',
        describe({
          operationId: 'getOpenApiDocument',
          summary: 'This description (OpenAPI 3.1), generated from the routes',
          tags: ['service'],
          public: true,
          responses: { 200: json(z.looseObject({ openapi: z.string() }), 'The OpenAPI document') },
        }),
        async (c) => c.json(await openApi()),
      )
  );
}

/** Built once, from the routes mounted as the app mounts them. */
let openApiCache: Promise<OpenApiDocument> | null = null;
const openApi = (): Promise<OpenApiDocument> =>
  (openApiCache ??= openApiDocument(new Hono().route('/api', apiRoutes())));

export type AppType = ReturnType<typeof apiRoutes>;

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  if (deps.metrics) app.use('*', deps.metrics.middleware());
  app.use('*', requestLogger(deps.log, deps.config.TRUST_PROXY > 0));
  app.use('*', securityHeaders());
  app.use('/api/*', crossSiteProtection(deps.config.PUBLIC_ORIGIN));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        problemResponse(
          c,
          new HttpProblem(
            413,
            'That is too large to send',
            `Requests are limited to ${String(MAX_BODY_BYTES / 1024 / 1024)} MB.`,
          ),
        ),
    }),
  );
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('/api/*', sessionMiddleware());

  app.route('/api', apiRoutes());
  app.all('/api/*', (c) => problemResponse(c, notFound('API route')));
  app.route('/', staticApp(deps.config.WEB_DIST, deps.config.NODE_ENV === 'production'));

  app.onError((err, c) => {
    if (err instanceof HttpProblem) return problemResponse(c, err);
    if (err instanceof HTTPException) {
      // Hono raises these for malformed JSON and similar client mistakes.
      const status = err.status;
      return problemResponse(
        c,
        new HttpProblem(
          status,
          status === 400 ? 'Your request could not be understood' : 'Request refused',
          err.message,
        ),
      );
    }
    if (isUnstorableText(err)) return problemResponse(c, unstorableText());
    if (isClientAbort(err, c.req.raw.signal)) return problemResponse(c, clientAborted());
    if (isDatabaseUnavailable(err)) {
      return problemResponse(
        c,
        new HttpProblem(
          503,
          'The service is busy',
          'Please try again in a moment. Nothing you sent has been lost.',
          undefined,
          { 'Retry-After': '5' },
        ),
      );
    }
    deps.log({
      level: 'error',
      msg: 'unhandled error',
      requestId: c.get('requestId'),
      ...errorFields(err),
    });
    return problemResponse(
      c,
      new HttpProblem(
        500,
        'Something went wrong on our side',
        'Please try again. If it keeps happening, contact your partnership.',
      ),
    );
  });
  return app;
}
