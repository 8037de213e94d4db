/**
 * The OpenAPI 3.1 description at /api/openapi.json, generated from the routes
 * themselves (ADR 013): each route's `describe()` (http/openapi-route.ts)
 * gives its operationId, summary and answers, and its validators
 * (http/validate.ts) its request body, query and path parameters, from the
 * same shared zod schemas that check them. Other systems (a pan-London
 * reporting tool, a council's BI) generate their clients from it.
 */
import type { Env, Hono, Schema } from 'hono';
import { generateSpecs } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { ProblemSchema } from '@s11/shared';
import { PROBLEM_REF, TAGS } from './http/openapi-route';

export type OpenApiDocument = OpenAPIV3_1.Document;
type Operation = OpenAPIV3_1.OperationObject;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return rest as OpenAPIV3_1.SchemaObject;
}

const problem = (description: string): OpenAPIV3_1.ResponseObject => ({
  description,
  content: { 'application/problem+json': { schema: PROBLEM_REF } },
});

/**
 * What the shared middleware and validators answer for every route of a
 * kind, so a route's own description lists only what its handler decides.
 */
function addSharedAnswers(method: string, op: Operation): void {
  const responses = (op.responses ??= {});
  const add = (status: number, description: string) => {
    responses[status] ??= problem(description);
  };
  if (op.requestBody) {
    add(400, 'The body is not JSON');
    add(413, 'The body is larger than 2 MB');
    add(415, 'The body is not application/json');
    add(422, 'A field is missing or not acceptable (field-level messages in `errors`)');
  }
  if (op.parameters?.some((p) => 'in' in p && p.in === 'path')) {
    add(404, 'No such record (or not one this person may see)');
  }
  if (op.parameters?.some((p) => 'in' in p && p.in === 'query')) {
    add(422, 'A query parameter is not acceptable (field-level messages in `errors`)');
  }
  if (method !== 'get') add(403, 'Refused: the request came from another site');
  if (op.security === undefined) add(401, 'Not signed in');
}

/** Builds the document from an app whose API routes are mounted at `/api`. */
export async function openApiDocument<E extends Env, S extends Schema, P extends string>(
  app: Hono<E, S, P>,
): Promise<OpenApiDocument> {
  const doc = (await generateSpecs(app, {
    // Routes with no description still appear (with a derived operationId).
    includeEmptyPaths: true,
    // Only API routes are mounted here, so a dot (openapi.json, export.csv) is no static file.
    excludeStaticFile: false,
    // Validation failures are problem+json 422s, added by addSharedAnswers.
    defaultValidationErrorResponse: false,
    documentation: {
      info: {
        title: 'S11 Portal API',
        version: '1.0.0',
        description:
          'Section 11 safeguarding self-assessment. Authenticate with POST /api/auth/login; the session is an HttpOnly cookie. State-changing requests must be application/json from the same origin. Every error is application/problem+json (RFC 9457).',
      },
      servers: [{ url: '/' }],
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 's11_session' } },
        schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
      },
      security: [{ session: [] }],
    },
  })) as OpenApiDocument;
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      addSharedAnswers(method, op);
    }
  }
  // Only the tags some operation uses.
  const used = new Set(
    Object.values(doc.paths ?? {}).flatMap((item) => METHODS.flatMap((m) => item?.[m]?.tags ?? [])),
  );
  doc.tags = (doc.tags ?? []).filter((t) => used.has(t.name));
  return doc;
}
