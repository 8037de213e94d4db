/**
 * The generated OpenAPI document (ADR 013): it covers every route the app
 * serves, passes a third-party validator, and a client generated from it
 * (openapi-typescript + openapi-fetch) type-checks a call to every operation.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validate, compileErrors } from '@readme/openapi-parser';
import { uniqueSymbol } from 'hono-openapi';
import { findTargetHandler } from 'hono/utils/handler';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext, type TestContext } from './testing';
import type { OpenApiDocument } from './openapi';
import { LoginSchema, PushRequestDocSchema } from '@s11/shared';

let t: TestContext;
let doc: OpenApiDocument;
beforeAll(async () => {
  t = await createTestContext();
  const res = await t.app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDocument;
});
afterAll(() => t.close());

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Method = (typeof METHODS)[number];

function operations() {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = item?.[method];
      return op ? [{ path, method, op }] : [];
    }),
  );
}

const openApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

/** The API routes the app serves, and whether each put `describe()` in its chain. */
function servedRoutes() {
  const routes = new Map<string, boolean>();
  for (const r of t.app.routes) {
    const method = r.method.toLowerCase() as Method;
    if (!r.path.startsWith('/api/') || !METHODS.includes(method)) continue;
    const key = `${method} ${openApiPath(r.path)}`;
    const marker = (findTargetHandler(r.handler) as { [uniqueSymbol]?: { spec?: unknown } })[
      uniqueSymbol
    ];
    routes.set(key, (routes.get(key) ?? false) || Boolean(marker?.spec));
  }
  return routes;
}

describe('/api/openapi.json', () => {
  it('describes exactly the routes the app serves', () => {
    const described = operations().map((o) => `${o.method} ${o.path}`);
    expect(described.sort()).toEqual([...servedRoutes().keys()].sort());
  });

  it('has, for every route, a unique operationId, a summary and each answer described', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(op.summary, where).toBeTruthy();
      expect(op.tags?.length, where).toBeGreaterThan(0);
      const statuses = Object.keys(op.responses ?? {});
      expect(
        statuses.some((s) => /^[23]/.test(s)),
        `${where} has a success answer`,
      ).toBe(true);
      for (const s of statuses) {
        const r = op.responses?.[s] as { description?: string; content?: Record<string, unknown> };
        expect(r.description, `${where} ${s}`).toBeTruthy();
        if (/^4/.test(s))
          expect(Object.keys(r.content ?? {}), `${where} ${s}`).toEqual([
            'application/problem+json',
          ]);
      }
    }
  });

  it('is described on the route itself for every route', () => {
    const undescribed = [...servedRoutes()].filter(([, d]) => !d).map(([k]) => k);
    expect(undescribed).toEqual([]);
  });

  it('gives every described success answer a body schema or none at all, never an empty one', () => {
    for (const { path, method, op } of operations()) {
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        if (!/^2/.test(status)) continue;
        for (const [media, m] of Object.entries(
          (r as { content?: Record<string, { schema?: object }> }).content ?? {},
        )) {
          expect(
            Object.keys(m.schema ?? {}).length,
            `${method} ${path} ${status} ${media}`,
          ).toBeGreaterThan(0);
        }
      }
    }
  });

  it('takes request bodies from the validators, as the shared schemas define them', () => {
    const login = doc.paths?.['/api/auth/login']?.post?.requestBody as {
      content: Record<string, { schema: unknown }>;
    };
    const { $schema: _dialect, ...expected } = z.toJSONSchema(LoginSchema, { io: 'input' });
    expect(login.content['application/json']?.schema).toEqual(expected);
  });

  it('describes each pushed item as a Mutation, though the route checks items one by one', () => {
    const push = doc.paths?.['/api/sync/push']?.post?.requestBody as {
      content: Record<string, { schema: unknown }>;
    };
    const { $schema: _dialect, ...expected } = z.toJSONSchema(PushRequestDocSchema, {
      io: 'input',
    });
    expect(push.content['application/json']?.schema).toEqual(expected);
    // Not a bare array of anything: each item names its kinds.
    expect(JSON.stringify(expected)).toContain('"action_delete"');
  });

  it('passes a third-party OpenAPI validator with no errors or warnings', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.warnings).toEqual([]);
  });

  it('generates a client that type-checks a call to every operation', async () => {
    const types = astToString(await openapiTS(structuredClone(doc) as never));
    const calls = operations().map(({ path, method, op }, i) => {
      const hasPathParams = (op.parameters ?? []).some((p) => 'in' in p && p.in === 'path');
      const init = [
        hasPathParams ? `params: { path: pathParams<'${path}', '${method}'>() }` : '',
        op.requestBody ? `body: input<'${path}', '${method}'>()` : '',
      ].filter(Boolean);
      const json = Object.entries(op.responses ?? {}).some(
        ([s, r]) => /^2/.test(s) && 'content' in r && r.content?.['application/json'],
      );
      // A described JSON answer must reach the caller as a type, not `unknown`.
      const check = json ? `  known(r${i}.data);\n` : '';
      return `  const r${i} = await client.${method.toUpperCase()}('${path}'${init.length ? `, { ${init.join(', ')} }` : ''});\n${check}`;
    });
    const program = [
      `import createClient from 'openapi-fetch';`,
      `import type { paths } from './api';`,
      `const client = createClient<paths>({ baseUrl: 'http://localhost' });`,
      `type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;`,
      `declare function input<P extends keyof paths, M extends keyof paths[P]>(): Body<P, M>;`,
      `type PathParams<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { parameters: { path: infer T } } ? T : never;`,
      `declare function pathParams<P extends keyof paths, M extends keyof paths[P]>(): PathParams<P, M>;`,
      `declare function known<T>(value: unknown extends T ? never : T): void;`,
      `export async function callEveryOperation(): Promise<void> {`,
      ...calls,
      `}`,
    ].join('\n');

    const dir = await mkdtemp(join(tmpdir(), 's11-openapi-client-'));
    try {
      await writeFile(join(dir, 'api.ts'), types);
      await writeFile(join(dir, 'calls.ts'), program);
      const require = createRequire(import.meta.url);
      const fetchTypes = join(dirname(require.resolve('openapi-fetch')), 'index.d.mts');
      const compiled = ts.createProgram([join(dir, 'calls.ts')], {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        types: [],
        paths: { 'openapi-fetch': [fetchTypes] },
      });
      const errors = ts
        .getPreEmitDiagnostics(compiled)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(errors).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
