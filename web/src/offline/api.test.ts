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
});
