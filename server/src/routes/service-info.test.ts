import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { createTestContext, type TestContext } from '../testing';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('GET /api/service', () => {
  it('names who runs the service and how to reach them, without a session', async () => {
    const app = createApp({
      ...t.deps,
      config: loadConfig({
        NODE_ENV: 'test',
        WEB_DIST: '/nonexistent',
        SERVICE_OWNER_NAME: 'Anytown Safeguarding Children Partnership',
        SERVICE_CONTACT_EMAIL: 'safeguarding.partnership@anytown.gov.uk',
      }),
    });
    const res = await app.request('/api/service');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ownerName: 'Anytown Safeguarding Children Partnership',
      contactEmail: 'safeguarding.partnership@anytown.gov.uk',
    });
  });

  it('says plainly when the operator has not set them', async () => {
    const res = await t.app.request('/api/service');
    expect(await res.json()).toEqual({ ownerName: null, contactEmail: null });
  });

  it('takes an empty setting as unset (compose passes ${NAME:-}), and refuses an address that is not one', () => {
    expect(loadConfig({ SERVICE_OWNER_NAME: '', SERVICE_CONTACT_EMAIL: '' })).toMatchObject({
      SERVICE_OWNER_NAME: undefined,
      SERVICE_CONTACT_EMAIL: undefined,
    });
    expect(() => loadConfig({ SERVICE_CONTACT_EMAIL: 'partnership office' })).toThrow(
      /SERVICE_CONTACT_EMAIL/,
    );
  });
});
