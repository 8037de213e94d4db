/**
 * How a route describes itself for the OpenAPI document (ADR 013). Each
 * route puts `describe({...})` first in its chain, before its validators:
 *
 *   .post('/login', describe({
 *       operationId: 'signIn', summary: 'Sign in', tags: ['auth'], public: true,
 *       responses: { 200: json(UserSchema, 'The signed-in user'), 401: 'Wrong email or password', 422: INVALID },
 *     }), jsonBody(LoginSchema), handler)
 *
 * Request bodies, query strings and path parameters come from the route's
 * own validators (`jsonBody`, `queryParams`, `pathParams` in ./validate.ts),
 * so they cannot drift from what is checked. A response given as a string is
 * its description: for 4xx/5xx an `application/problem+json` Problem, for
 * 204 and 3xx no body. `json()` and `file()` give a body.
 */
import { describeRoute, resolver } from 'hono-openapi';
import type { MiddlewareHandler } from 'hono';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { z } from 'zod';

/** Tags group operations in the document; one per resource. */
export const TAGS = {
  service: 'Health and this description',
  auth: 'Signing in and out',
  invitations: 'Invitations',
  password: 'Passwords',
  'second-factor': 'Second factor (authenticator app, recovery codes)',
  sso: 'Single sign-on (OpenID Connect)',
  people: 'People and their access',
  partnership: 'Partnerships',
  organisation: 'Organisations',
  cycle: 'Audit cycles',
  return: 'Returns',
  sync: 'Offline sync',
  report: 'Reports and exports',
  audit: 'Audit log',
} as const;
export type Tag = keyof typeof TAGS;

/** The media types of the exports. */
export const MEDIA = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

type ResponseDoc = OpenAPIV3_1.ResponseObject | string;
type Status =
  200 | 201 | 202 | 204 | 302 | 303 | 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 503;
type Status4xx = Exclude<Status, 200 | 201 | 202 | 204 | 302 | 303 | 503>;

export interface RouteDoc {
  /** Unique, camelCase, a verb first: the generated client's method name. */
  operationId: string;
  summary: string;
  description?: string;
  tags: [Tag, ...Tag[]];
  /** Answers without a session (sign-in, invitations, health): no cookie needed. */
  public?: boolean;
  responses: Partial<Record<Status, ResponseDoc>> & Partial<Record<Status4xx, string>>;
}

export const PROBLEM_REF = { $ref: '#/components/schemas/Problem' } as const;

/** Common problem descriptions, so every route words them the same way. */
export const INVALID = 'A field is missing or not acceptable (field-level messages in `errors`)';
export const MALFORMED = 'The body is not JSON';
export const SIGNED_OUT = 'Not signed in';
export const NOT_ALLOWED = 'Signed in, but this is not yours to see or do';
export const NOT_FOUND = 'No such record (or not one this person may see)';

/** A JSON body typed by a shared schema (as the server sends it: zod's output). */
export function json(schema: z.ZodType, description: string): OpenAPIV3_1.ResponseObject {
  return {
    description,
    content: {
      // resolver() is converted to a JSON Schema when the document is built.
      'application/json': { schema: resolver(schema, { options: { io: 'output' } }) as never },
    },
  };
}

/** A file download (the exports). */
export function file(media: string, description: string): OpenAPIV3_1.ResponseObject {
  return {
    description,
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="…"',
        schema: { type: 'string' },
      },
    },
    content: { [media]: { schema: { type: 'string', format: 'binary' } } },
  };
}

function response(status: number, doc: ResponseDoc): OpenAPIV3_1.ResponseObject {
  if (typeof doc !== 'string') return doc;
  if (status >= 400) {
    return { description: doc, content: { 'application/problem+json': { schema: PROBLEM_REF } } };
  }
  if (status >= 300) {
    return {
      description: doc,
      headers: { Location: { description: 'Where to go next', schema: { type: 'string' } } },
    };
  }
  return { description: doc };
}

/**
 * Added to every operation. The document builder (../openapi.ts) adds what
 * the shared middleware and validators answer: 400, 413, 415, 422 where there
 * is a body, 404 for a malformed path id, 403 for a cross-site request.
 */
const ALWAYS = {
  503: 'The database is not answering or the instance is draining: try again (Retry-After)',
};

/** The middleware that carries a route's description into the generated document. */
export function describe(doc: RouteDoc): MiddlewareHandler {
  const responses: Record<string, OpenAPIV3_1.ResponseObject> = {};
  for (const [status, r] of Object.entries({ ...ALWAYS, ...doc.responses })) {
    responses[status] = response(Number(status), r);
  }
  return describeRoute({
    operationId: doc.operationId,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: doc.tags,
    ...(doc.public ? { security: [] } : {}),
    responses,
  });
}
