/**
 * An injected fetch for web tests: answers the routes a test names, the way
 * the server does (JSON, or `application/problem+json` with field-level
 * errors), and records every request so a test can assert what was sent.
 * The offline module's Api calls the global `fetch` at request time.
 */
import { vi } from 'vitest';

export interface Answer {
  status?: number;
  body?: unknown;
}
type Handler = (body: unknown, url: URL) => Answer | Promise<Answer>;

export function problem(
  status: number,
  title: string,
  errors?: { path: string; message: string }[],
  detail?: string,
) {
  return {
    status,
    body: {
      type: 'about:blank',
      title,
      status,
      ...(detail ? { detail } : {}),
      ...(errors ? { errors } : {}),
    },
  };
}

export function fakeServer(routes: Record<string, Handler>) {
  const requests: { method: string; path: string; body: unknown }[] = [];
  const fetch = vi.fn(async (input: string | URL, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost');
    const method = init?.method ?? 'GET';
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    requests.push({ method, path: url.pathname, body });
    const handler = routes[`${method} ${url.pathname}`];
    const answer = handler ? await handler(body, url) : problem(404, `We could not find that page`);
    const status = answer.status ?? 200;
    if (status === 204) return new Response(null, { status });
    return new Response(JSON.stringify(answer.body ?? {}), {
      status,
      headers: {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      },
    });
  });
  vi.stubGlobal('fetch', fetch);
  /** What the page asked the server to change (every request but a GET), in order. */
  const changes = () => requests.filter((r) => r.method !== 'GET');
  return { requests, changes, fetch };
}
