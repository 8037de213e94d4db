/** Writing organisations: what the form, the import and the edit page share. */
import { eq } from 'drizzle-orm';
import type { OrganisationInput } from '@s11/shared';
import { organisationPartnerships, organisations } from '../../db/schema';
import { notFound } from '../../http/problem';
import { auditIn, type DomainContext } from '../context';

/**
 * Adds organisations to a partnership, all of them or none (an import that
 * fails half-way saves nothing). Returns their new ids, in order.
 */
export async function addOrganisations(
  ctx: DomainContext,
  partnershipId: string,
  inputs: readonly OrganisationInput[],
): Promise<string[]> {
  const ids = inputs.map(() => crypto.randomUUID());
  await ctx.tx.transaction(async (tx) => {
    for (const [i, input] of inputs.entries()) {
      const id = ids[i] ?? crypto.randomUUID();
      await tx.insert(organisations).values({ id, ...input });
      await tx.insert(organisationPartnerships).values({ organisationId: id, partnershipId });
    }
  });
  return ids;
}

/** Replaces an organisation's details; the audit row names the fields that changed. */
export async function updateOrganisation(
  ctx: DomainContext,
  id: string,
  input: OrganisationInput,
): Promise<void> {
  const [before] = await ctx.tx.select().from(organisations).where(eq(organisations.id, id));
  if (!before) throw notFound('organisation');
  await ctx.tx.update(organisations).set(input).where(eq(organisations.id, id));
  const changed = (Object.keys(input) as (keyof typeof input)[]).filter(
    (k) => before[k] !== input[k],
  );
  await auditIn(ctx, {
    action: 'organisation_updated',
    entity: 'organisation',
    entityId: id,
    organisationId: id,
    detail: { fields: changed },
  });
}
