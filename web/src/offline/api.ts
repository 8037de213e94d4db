/**
 * The typed HTTP client. Every request has a timeout (a Wi-Fi with no
 * internet must not hang the app), sends cookies for this origin only, and
 * treats anything but JSON from our API as a failure: a captive portal that
 * answers 200 with an HTML page is not a success.
 */
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

export class Api {
  private readonly doFetch: FetchLike;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly networkListeners = new Set<(reached: boolean) => void>();

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
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      const out = await this.send<T>(method, path, body);
      this.tell(true);
      return out;
    } catch (e) {
      this.tell(!(e instanceof ApiError && e.status === 0));
      throw e;
    }
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let res: Response;
    try {
      res = await this.doFetch(this.baseUrl + path, {
        method,
        credentials: 'same-origin',
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
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
