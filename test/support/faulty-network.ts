/**
 * A network between a device and the real server that can fail the ways real
 * ones do: offline, dropping a request before it leaves, losing the answer
 * after the server committed, hanging forever, or a captive portal's HTML.
 */
import type { FetchLike } from '@s11/web/offline-core';

export interface AppLike {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export interface FaultyNetwork {
  fetch: FetchLike;
  /** The server this network reaches; swap it to simulate a restart. */
  app: AppLike;
  offline: boolean;
  dropNextRequest: boolean;
  dropNextResponse: boolean;
  hang: boolean;
  captivePortal: boolean;
  requests: number;
}

export function faultyNetwork(
  app: AppLike,
  cookieJar: { cookie: string } = { cookie: '' },
): FaultyNetwork {
  const net: FaultyNetwork = {
    app,
    offline: false,
    dropNextRequest: false,
    dropNextResponse: false,
    hang: false,
    captivePortal: false,
    requests: 0,
    fetch: async (input, init) => {
      net.requests += 1;
      if (net.offline) throw new TypeError('Failed to fetch');
      if (net.hang) {
        return new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('The operation was aborted.', 'AbortError')),
          );
        });
      }
      if (net.captivePortal)
        return new Response('<html><body>Sign in to Station Wi-Fi</body></html>', {
          status: 200,
          headers: { 'content-type': 'text/html' },
        });
      if (net.dropNextRequest) {
        net.dropNextRequest = false;
        throw new TypeError('Failed to fetch');
      }
      const headers = new Headers(init?.headers);
      if (cookieJar.cookie) headers.set('cookie', cookieJar.cookie);
      const res = await net.app.request(input, { ...init, headers });
      const set = res.headers.get('set-cookie');
      if (set) cookieJar.cookie = /Max-Age=0/i.test(set) ? '' : (set.split(';')[0] ?? '');
      if (net.dropNextResponse) {
        net.dropNextResponse = false;
        await res.arrayBuffer();
        throw new TypeError('Failed to fetch');
      }
      return res;
    },
  };
  return net;
}
