/**
 * Routes not yet described on the route itself (ADR 013: `describe()` from
 * http/openapi-route.ts). While a route is listed here, the document takes
 * its summary, tag and request body from this table, with generic answers.
 * Delete a route's entry when you describe it (a test fails on an entry whose
 * route is described); delete this file when it is empty.
 */
import type { z } from 'zod';

export interface PendingOperation {
  method: 'get' | 'post' | 'put';
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  response?: z.ZodType;
  query?: Record<string, string>;
  public?: boolean;
}

export const PENDING: PendingOperation[] = [
  {
    method: 'get',
    path: '/api/cycles/{id}/rollup',
    summary: 'RAG roll-up of returned audits, self-rated and moderated',
    tag: 'cycle',
  },
  {
    method: 'get',
    path: '/api/cycles/{id}/report',
    summary: "A cycle's report: roll-ups, return rates, early years, actions, previous cycle",
    tag: 'report',
  },
];
