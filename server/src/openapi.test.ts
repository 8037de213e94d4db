import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MutationSchema } from '@s11/shared';
import { createTestContext, type TestContext } from './testing';
import { OPERATIONS } from './openapi';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
  >;
}

describe('/api/openapi.json', () => {
  it('describes exactly the routes the app serves', () => {
    const served = new Set(
      t.app.routes
        .filter(
          (r) =>
            r.path.startsWith('/api/') &&
            ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(r.method),
        )
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const described = new Set(OPERATIONS.map((o) => `${o.method} ${o.path}`));
    expect([...described].sort()).toEqual([...served].sort());
  });

  it('is generated from the shared schemas', async () => {
    const res = await t.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const push = doc.paths['/api/sync/push']?.post?.requestBody?.content['application/json']
      ?.schema as { properties: { mutations: { items: unknown } } };
    const { $schema: _dialect, ...expected } = z.toJSONSchema(MutationSchema, {
      io: 'input',
      unrepresentable: 'any',
      target: 'draft-2020-12',
    });
    expect(push.properties.mutations.items).toEqual(expected);
  });
});
