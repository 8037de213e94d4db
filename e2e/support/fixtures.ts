import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, USERS } from './app';

export const NEW_PASSWORD = 'a long enough new password';

async function asManager(
  baseURL: string,
): Promise<{ api: APIRequestContext; pid: string; cycleId: string }> {
  const api = await playwrightRequest.newContext({ baseURL });
  const login = await api.post('/api/auth/login', {
    data: { email: USERS.manager, password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
  const me = (await login.json()) as { partnerships: { id: string }[] };
  const pid = me.partnerships[0]?.id ?? '';
  const cycles = (await (await api.get(`/api/partnerships/${pid}/cycles`)).json()) as {
    cycles: { id: string }[];
  };
  return { api, pid, cycleId: cycles.cycles[0]?.id ?? '' };
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
  for (const p of opts.people) {
    expect(
      (
        await api.post(`/api/partnerships/${pid}/invitations`, {
          data: { email: p.email, role: p.role, organisationId },
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
