/**
 * Seeds the device store (Dexie) as a pull would have left it: the signed-in
 * person and one return with standard 3 (and its actions), for tests of the
 * tablet's pages.
 */
import { EMPTY_STANDARD_FIELDS, type ActionFields, type StandardFields } from '@s11/shared';
import type { LocalReturn } from '../offline';
import { deviceStore } from '../offline/testing';

export const returnId = '11111111-1111-4111-8111-111111111111';
export const orgId = '33333333-3333-4333-8333-333333333333';

/** An action as the server last sent it (not created on this device). */
export interface SyncedAction {
  id: string;
  fields: ActionFields;
  baseVersion: number;
}

export async function seedReturn(
  ret: Partial<LocalReturn> = {},
  {
    fields = EMPTY_STANDARD_FIELDS,
    actions = [],
    member = 'organisation',
  }: {
    /** Standard 3's answers, on the device and on the server alike. */
    fields?: StandardFields;
    actions?: SyncedAction[];
    /** An editor of the organisation, or a board viewer of the partnership (read-only). */
    member?: 'organisation' | 'partnership';
  } = {},
) {
  await deviceStore.meta.put({
    key: 'me',
    value: {
      id: '44444444-4444-4444-8444-444444444444',
      email: 'someone@example.org',
      name: 'Someone',
      memberships:
        member === 'organisation'
          ? [{ scope: 'organisation', role: 'org_editor', organisationId: orgId }]
          : [
              {
                scope: 'partnership',
                role: 'partnership_viewer',
                partnershipId: '55555555-5555-4555-8555-555555555555',
              },
            ],
      organisations: [],
      partnerships: [],
    },
  });
  await deviceStore.returns.put({
    id: returnId,
    cycleId: '22222222-2222-4222-8222-222222222222',
    organisationId: orgId,
    variant: 'full',
    status: 'in_progress',
    catalogueVersion: '2026.1',
    signOff: null,
    carriedFromId: null,
    version: 1,
    statusMessage: '',
    cycle: null,
    organisation: null,
    ...ret,
  });
  await deviceStore.standards.put({
    returnId,
    standard: 3,
    fields,
    server: fields,
    baseVersion: 1,
  });
  await deviceStore.actions.bulkPut(
    actions.map((a) => ({ ...a, returnId, deleted: false, localOnly: false })),
  );
}
