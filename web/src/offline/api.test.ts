import { describe, expect, it } from 'vitest';
import { Api, ApiError, type FetchLike } from './api';

// These stand in for networks outside this machine (a captive portal, a dead Wi-Fi).
const answer =
  (body: string, init: ResponseInit): FetchLike =>
  () =>
    Promise.resolve(new Response(body, init));

describe('Api', () => {
  it('does not take a captive portal’s 200 HTML page for success', async () => {
    const api = new Api({
      fetch: answer('<html>Sign in to CoffeeShop Wi-Fi</html>', {
        status: 200,
        headers: { 'content-type': 'text/html' },
      }),
    });
    const err = await api.get('/api/sync/pull').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).retryable).toBe(true);
  });

  it('gives up on a network that accepts the request and never answers, after the timeout', async () => {
    const never: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const api = new Api({ fetch: never, timeoutMs: 50 });
    const started = Date.now();
    const err = await api.get('/api/health').catch((e: unknown) => e);
    expect((err as ApiError).message).toBe('The server did not answer in time.');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads problem details and Retry-After from a 503', async () => {
    const api = new Api({
      fetch: answer(
        JSON.stringify({ type: 'about:blank', title: 'The service is busy', status: 503 }),
        {
          status: 503,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '7' },
        },
      ),
    });
    const err = (await api.post('/api/sync/push', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(503);
    expect(err.problem?.title).toBe('The service is busy');
    expect(err.retryAfterSeconds).toBe(7);
    expect(err.retryable).toBe(true);
  });

  it('treats a 422 as the caller’s to fix, not retryable', async () => {
    const api = new Api({
      fetch: answer(
        JSON.stringify({
          type: 'about:blank',
          title: 'Some answers need correcting',
          status: 422,
          errors: [{ path: 'name', message: 'Enter a value' }],
        }),
        { status: 422, headers: { 'content-type': 'application/problem+json' } },
      ),
    });
    const err = (await api.post('/x', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.retryable).toBe(false);
    expect(err.problem?.errors?.[0]?.path).toBe('name');
  });

  it('sends typed client calls through the same transport: URL and body from the route, cookies for this origin, told to onNetwork', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const api = new Api({
      baseUrl: 'http://portal.example',
      fetch: (url, init) => {
        seen.push({ url, init });
        return Promise.resolve(
          new Response(JSON.stringify({ results: [] }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
        );
      },
    });
    const reached: boolean[] = [];
    api.onNetwork((r) => reached.push(r));
    const res = await api.call(api.client.sync.push.$post({ json: { mutations: [] } }));
    expect(res.results).toEqual([]);
    expect(seen[0]?.url).toBe('http://portal.example/api/sync/push');
    expect(seen[0]?.init?.method).toBe('POST');
    expect(seen[0]?.init?.credentials).toBe('same-origin');
    expect(new Headers(seen[0]?.init?.headers).get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(seen[0]?.init?.body as string)).toEqual({ mutations: [] });
    expect(reached).toEqual([true]);
  });

  it('gives a typed call that meets a captive portal an ApiError, and tells onNetwork the server was not reached', async () => {
    const api = new Api({
      fetch: answer('<html>Sign in to CoffeeShop Wi-Fi</html>', {
        status: 200,
        headers: { 'content-type': 'text/html' },
      }),
    });
    const reached: boolean[] = [];
    api.onNetwork((r) => reached.push(r));
    const err = await api.call(api.client.auth.me.$get()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(0);
    expect(reached).toEqual([false]);
  });
});
