import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { existsSync } from 'node:fs';
import { DEMO_PASSWORD, USERS } from './app';
import { apiSignIn } from './second-factor';

export const NEW_PASSWORD = 'a long enough new password';

/**
 * The demo manager over the API. Signed in once per run (with a real TOTP
 * code) and the session kept in a file beside the run's second-factor state:
 * a code works once, so signing in for every fixture would mean waiting.
 */
export async function asManager(
  baseURL: string,
): Promise<{ api: APIRequestContext; pid: string; cycleId: string }> {
  const stored = `${process.env.S11_E2E_STATE ?? ''}.manager-session.json`;
  let api = existsSync(stored)
    ? await playwrightRequest.newContext({ baseURL, storageState: stored })
    : await playwrightRequest.newContext({ baseURL });
  let meRes = await api.get('/api/auth/me');
  if (meRes.status() !== 200) {
    await api.dispose();
    api = await playwrightRequest.newContext({ baseURL });
    await apiSignIn(api, USERS.manager, DEMO_PASSWORD);
    await api.storageState({ path: stored });
    meRes = await api.get('/api/auth/me');
  }
  expect(meRes.status()).toBe(200);
  const me = (await meRes.json()) as { partnerships: { id: string }[] };
  const pid = me.partnerships[0]?.id ?? '';
  const cycles = (await (await api.get(`/api/partnerships/${pid}/cycles`)).json()) as {
    cycles: { id: string; name: string }[];
  };
  // The demo's open cycle (console.spec opens a later one, which sorts first).
  const open = cycles.cycles.find((c) => c.name === 'Section 11 audit 2026-27') ?? cycles.cycles[0];
  return { api, pid, cycleId: open?.id ?? '' };
}

/**
 * Invites someone through the real flow (link from the development mailbox)
 * and accepts as them, setting NEW_PASSWORD.
 */
export async function invitePerson(
  baseURL: string,
  api: APIRequestContext,
  pid: string,
  p: {
    email: string;
    role: 'org_editor' | 'org_signatory' | 'partnership_manager' | 'partnership_viewer';
    organisationId?: string;
  },
): Promise<void> {
  expect(
    (
      await api.post(`/api/partnerships/${pid}/invitations`, {
        data: { email: p.email, role: p.role, organisationId: p.organisationId ?? null },
      })
    ).status(),
  ).toBe(201);
  const mail = (await (await api.get(`/api/partnerships/${pid}/mailbox`)).json()) as {
    mail: { to: string; body: string }[];
  };
  const token =
    /\/invitation\/([A-Za-z0-9_-]+)/.exec(
      mail.mail.find((m) => m.to === p.email)?.body ?? '',
    )?.[1] ?? '';
  const invitee = await playwrightRequest.newContext({ baseURL });
  expect(
    (
      await invitee.post('/api/auth/invitations/accept', {
        data: { token, name: p.email.split('@')[0], password: NEW_PASSWORD },
      })
    ).status(),
  ).toBe(201);
  await invitee.dispose();
}

/**
 * A fresh organisation invited to the open cycle, with people who accepted
 * their invitations through the real flow: isolates a test from the others.
 */
export async function freshOrganisation(
  baseURL: string,
  opts: {
    variant: 'full' | 'light';
    people: { email: string; role: 'org_editor' | 'org_signatory' }[];
  },
): Promise<{ organisationId: string; returnId: string }> {
  const { api, pid, cycleId } = await asManager(baseURL);
  const tag = crypto.randomUUID().slice(0, 8);
  const org = await api.post(`/api/partnerships/${pid}/organisations`, {
    data:
      opts.variant === 'light'
        ? {
            name: `Test Childminder ${tag}`,
            sector: 'early_years',
            subType: 'childminder',
            usualVariant: 'light',
          }
        : { name: `Test Trust ${tag}`, sector: 'health', usualVariant: 'full' },
  });
  expect(org.status()).toBe(201);
  const organisationId = ((await org.json()) as { id: string }).id;
  expect(
    (
      await api.post(`/api/cycles/${cycleId}/invitations`, {
        data: { invitations: [{ organisationId }] },
      })
    ).status(),
  ).toBe(201);
  for (const p of opts.people) await invitePerson(baseURL, api, pid, { ...p, organisationId });
  const list = (await (await api.get(`/api/cycles/${cycleId}/returns`)).json()) as {
    returns: { id: string; organisationId: string }[];
  };
  await api.dispose();
  return {
    organisationId,
    returnId: list.returns.find((r) => r.organisationId === organisationId)?.id ?? '',
  };
}

/** A standard's fields as the server holds them (read as the partnership manager). */
export async function serverStandard(
  baseURL: string,
  returnId: string,
  standard: number,
): Promise<Record<string, unknown> | undefined> {
  const { api } = await asManager(baseURL);
  const res = (await (await api.get(`/api/returns/${returnId}`)).json()) as {
    standards: { standard: number; fields: Record<string, unknown> }[];
  };
  await api.dispose();
  return res.standards.find((s) => s.standard === standard)?.fields;
}
