/**
 * Request validation with the shared zod schemas. Malformed JSON is a 400,
 * a body that does not fit the schema a 422 with field-level messages.
 * Each validator also carries its schema into the OpenAPI document (the
 * marker hono-openapi reads), so what is documented is what is checked.
 */
import { resolver, uniqueSymbol } from 'hono-openapi';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { badRequest, notFound, validationProblem } from './problem';

function documented<M extends object>(
  middleware: M,
  target: 'json' | 'query' | 'param',
  schema: z.ZodType,
): M {
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } });
}

/**
 * Validates the JSON body with `schema`. `documentAs` describes the body in
 * the OpenAPI document when the route checks less at the door than it
 * accepts (push checks each item on its own, so one bad item is refused
 * alone): callers still learn exactly what each item must be.
 */
export function jsonBody<S extends z.ZodType>(
  schema: S,
  { documentAs }: { documentAs?: z.ZodType } = {},
) {
  const middleware = validator('json', async (_value, c): Promise<z.output<S>> => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw badRequest('The request body is not valid JSON.');
    }
    const parsed = await schema.safeParseAsync(raw);
    if (!parsed.success) throw validationProblem(parsed.error);
    return parsed.data;
  });
  return documented(middleware, 'json', documentAs ?? schema);
}

export function queryParams<S extends z.ZodType>(schema: S) {
  const middleware = validator('query', async (value): Promise<z.output<S>> => {
    const parsed = await schema.safeParseAsync(value);
    if (!parsed.success) throw validationProblem(parsed.error);
    return parsed.data;
  });
  return documented(middleware, 'query', schema);
}

export function pathParams<S extends z.ZodType>(schema: S) {
  const middleware = validator('param', async (value): Promise<z.output<S>> => {
    const parsed = await schema.safeParseAsync(value);
    // A malformed id in the path names nothing that exists.
    if (!parsed.success) throw notFound();
    return parsed.data;
  });
  return documented(middleware, 'param', schema);
}
