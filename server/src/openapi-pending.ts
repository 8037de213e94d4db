/**
 * Routes not yet described on the route itself (ADR 013: `describe()` from
 * http/openapi-route.ts). While a route is listed here, the document takes
 * its summary, tag and request body from this table, with generic answers.
 * Delete a route's entry when you describe it (a test fails on an entry whose
 * route is described); delete this file when it is empty.
 */
import type { z } from 'zod';
import { RoleChangeSchema } from '@s11/shared';

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

const AUDIT_QUERY = {
  action: 'string',
  actor: 'string',
  from: 'string',
  to: 'string',
  before: 'integer',
  limit: 'integer',
};

export const PENDING: PendingOperation[] = [
  {
    method: 'get',
    path: '/api/partnerships/{pid}/mailbox',
    summary: 'Development mailbox: mail that would have been sent (manager)',
    tag: 'partnership',
  },
  {
    method: 'get',
    path: '/api/partnerships/{pid}/users',
    summary:
      'Everyone with access to the partnership and its organisations: roles, last sign-in, second factor, disabled (manager)',
    tag: 'people',
  },
  {
    method: 'get',
    path: '/api/partnerships/{pid}/users/{uid}',
    summary: 'One person with access to the partnership (manager)',
    tag: 'people',
  },
  {
    method: 'put',
    path: '/api/partnerships/{pid}/users/{uid}/memberships/{mid}',
    summary:
      "Change a person's role (editor or signatory; manager or viewer); the last active manager stays (manager)",
    tag: 'people',
    body: RoleChangeSchema,
  },
  {
    method: 'post',
    path: '/api/partnerships/{pid}/users/{uid}/disable',
    summary:
      'Disable an account and end its sessions; not yourself nor the last active manager (manager)',
    tag: 'people',
  },
  {
    method: 'post',
    path: '/api/partnerships/{pid}/users/{uid}/enable',
    summary: 'Re-enable a disabled account (manager)',
    tag: 'people',
  },
  {
    method: 'get',
    path: '/api/partnerships/{pid}/audit',
    summary:
      'Audit log, newest first, filtered by action, person (email contains) and UK dates; paged by `before` (manager)',
    tag: 'people',
    query: AUDIT_QUERY,
  },
  {
    method: 'get',
    path: '/api/partnerships/{pid}/audit/export.csv',
    summary: 'The filtered audit log as CSV (manager)',
    tag: 'people',
    query: AUDIT_QUERY,
  },
  {
    method: 'get',
    path: '/api/organisations/{id}/people',
    summary:
      "An organisation's people: roles there, last sign-in, authenticator app, disabled (its signatories; managers)",
    tag: 'people',
  },
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
  {
    method: 'get',
    path: '/api/cycles/{id}/export/{file}',
    summary: 'Export: summary.csv, returns.csv, actions.csv, workbook.xlsx or report.pdf',
    tag: 'report',
  },
];
