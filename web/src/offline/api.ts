/**
 * The HTTP transport, and the typed client over it (private to offline/).
 * Every request has a timeout (a Wi-Fi with no internet must not hang the
 * app), sends cookies for this origin only, and treats anything but JSON
 * from our API as a failure: a captive portal that answers 200 with an HTML
 * page is not a success. The typed client (`hc<AppType>`) takes its request
 * and response types from the server's routes, so nothing here names a
 * response shape by hand (decision 016).
 */
import { hc, type ClientResponse } from 'hono/client';
import type { StatusCode, SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '@s11/server';
import type { Problem } from '@s11/shared';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
  /** The request may succeed later without the user doing anything. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface ApiOptions {
  fetch?: FetchLike;
  baseUrl?: string;
  timeoutMs?: number;
}

/**
 * What a typed call resolves to: the route's success body (undefined for a
 * 204). A hand-built Response (a problem answer) carries no type and is
 * left out: such answers arrive as ApiError.
 */
export type Body<R> =
  R extends ClientResponse<infer T, infer S, infer _F>
    ? StatusCode extends S
      ? never
      : S extends 204
        ? undefined
        : S extends SuccessStatusCode
          ? T
          : never
    : never;

function typedClient(api: Api) {
  // hc builds the URL and body; the transport adds the timeout and cookies.
  // Its `$url` needs an absolute base, so the browser's own origin stands in for ''.
  const origin =
    api.baseUrl || (typeof location === 'undefined' ? 'http://localhost' : location.origin);
  return hc<AppType>(`${origin}/api`, {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      api.transport(input instanceof Request ? input.url : String(input), init ?? {}),
  });
}
export type TypedClient = ReturnType<typeof typedClient>;

export class Api {
  private readonly doFetch: FetchLike;
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly networkListeners = new Set<(reached: boolean) => void>();
  /** The server's routes, typed from `AppType`; answers go through `call`. */
  readonly client: TypedClient;

  /**
   * Told after every request whether it reached our server (false: no
   * network, a timeout, a captive portal), so the app can say "You are
   * offline" as soon as any request finds out, not at the next sync.
   */
  onNetwork(fn: (reached: boolean) => void): () => void {
    this.networkListeners.add(fn);
    return () => this.networkListeners.delete(fn);
  }

  private tell(reached: boolean): void {
    for (const l of this.networkListeners) l(reached);
  }

  constructor(opts: ApiOptions = {}) {
    this.doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
    this.baseUrl = opts.baseUrl ?? '';
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.client = typedClient(this);
  }

  /**
   * A typed client call, answered like every other request: the success body
   * typed by the route, or an ApiError.
   *
   * @example const { cycles } = await api.call(api.client.partnerships[':pid'].cycles.$get({ param: { pid } }));
   */
  async call<R extends ClientResponse<unknown, number, string>>(
    pending: Promise<R>,
  ): Promise<Body<R>> {
    return this.settle(async () => this.read<Body<R>>(await pending));
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.settle(async () =>
      this.read<T>(
        await this.transport(this.baseUrl + path, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
    );
  }

  private async settle<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      this.tell(true);
      return out;
    } catch (e) {
      this.tell(!(e instanceof ApiError && e.status === 0));
      throw e;
    }
  }

  /** One request with the timeout and this origin's cookies; no answer at all is an ApiError with status 0. */
  async transport(url: string, init: RequestInit): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json');
    try {
      return await this.doFetch(url, {
        ...init,
        headers,
        credentials: 'same-origin',
        signal: controller.signal,
      });
    } catch {
      const timedOut = controller.signal.aborted;
      throw new ApiError(
        0,
        null,
        timedOut ? 'The server did not answer in time.' : 'You appear to be offline.',
        null,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** An answer read as ours: JSON or nothing (204), problems as ApiError. */
  private async read<T>(res: Response): Promise<T> {
    const type = res.headers.get('content-type') ?? '';
    if (res.status === 204) return undefined as T;
    const isJson =
      type.startsWith('application/json') || type.startsWith('application/problem+json');
    if (!isJson) {
      // Captive portals and proxies answer with HTML: the request did not reach us.
      throw new ApiError(
        0,
        null,
        'The network answered, but not from S11 Portal (a Wi-Fi sign-in page?).',
      );
    }
    let data: unknown;
    try {
      data = await res.json();
    } catch {
      throw new ApiError(0, null, 'The answer from the server was cut short.');
    }
    if (!res.ok) {
      const problem = data as Problem;
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new ApiError(
        res.status,
        problem,
        problem.title || `Request failed (${String(res.status)})`,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      );
    }
    return data as T;
  }

  /**
   * Downloads a file, reporting bytes received as they arrive (exports can be
   * large), and returns it as a Blob with the server's file name.
   */
  async download(
    path: string,
    onProgress: (bytes: number) => void,
  ): Promise<{ blob: Blob; filename: string }> {
    let res: Response;
    try {
      res = await this.doFetch(this.baseUrl + path, { credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, null, 'You appear to be offline.');
    }
    if (!res.ok || !res.body)
      throw new ApiError(res.status, null, `The download failed (${String(res.status)}).`);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress(received);
    }
    const filename =
      /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
    return {
      blob: new Blob(chunks as BlobPart[], {
        type: res.headers.get('content-type') ?? 'application/octet-stream',
      }),
      filename,
    };
  }

  // Untyped by path: for cross-package tests that send what the web never
  // would (a replayed push, a raw login). The web itself uses `call` only.
  get<T>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }
  put<T>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
}
