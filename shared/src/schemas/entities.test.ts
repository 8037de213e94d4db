import { describe, expect, it } from 'vitest';
import { CycleInputSchema, OrganisationInputSchema, SignOffInputSchema } from './entities';
import { MutationSchema } from '../sync/protocol';

describe('entity schemas', () => {
  it('rejects unknown keys', () => {
    const r = OrganisationInputSchema.safeParse({
      name: 'A',
      sector: 'health',
      usualVariant: 'full',
      admin: true,
    });
    expect(r.success).toBe(false);
  });

  it('rejects a sub-type from another sector', () => {
    const r = OrganisationInputSchema.safeParse({
      name: 'A',
      sector: 'health',
      subType: 'childminder',
      usualVariant: 'light',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['subType']);
  });

  it('accepts a childminder in early years and fills defaults', () => {
    const r = OrganisationInputSchema.parse({
      name: 'Little Steps',
      sector: 'early_years',
      subType: 'childminder',
      usualVariant: 'light',
    });
    expect(r).toEqual({
      name: 'Little Steps',
      sector: 'early_years',
      subType: 'childminder',
      usualVariant: 'light',
      contactName: '',
      contactEmail: '',
    });
  });

  it('rejects a string over its limit', () => {
    expect(
      OrganisationInputSchema.safeParse({
        name: 'x'.repeat(201),
        sector: 'faith',
        usualVariant: 'light',
      }).success,
    ).toBe(false);
  });

  it('refuses a cycle due before it opens', () => {
    const r = CycleInputSchema.safeParse({
      name: '2026-27',
      opensOn: '2026-12-01',
      dueOn: '2026-11-01',
    });
    expect(r.error?.issues[0]?.path).toEqual(['dueOn']);
  });

  it('needs the declaration to sign off', () => {
    expect(
      SignOffInputSchema.safeParse({ name: 'A', jobTitle: 'B', declaration: false }).success,
    ).toBe(false);
    expect(
      SignOffInputSchema.safeParse({ name: 'A', jobTitle: 'B', declaration: true }).success,
    ).toBe(true);
  });

  it('closes enums: an unknown RAG value is refused in a mutation', () => {
    const base = {
      mutationId: crypto.randomUUID(),
      returnId: crypto.randomUUID(),
      kind: 'standard',
      standard: 1,
      baseVersion: 0,
    };
    expect(MutationSchema.safeParse({ ...base, changes: { rag: 'purple' } }).success).toBe(false);
    expect(MutationSchema.safeParse({ ...base, changes: { rag: 'amber' } }).success).toBe(true);
    expect(
      MutationSchema.safeParse({ ...base, standard: 9, changes: { rag: 'amber' } }).success,
    ).toBe(false);
    expect(MutationSchema.safeParse({ ...base, changes: {} }).success).toBe(false);
  });
});

describe('free text that cannot be stored', () => {
  it('is refused by every free-text schema, so the tablet refuses it before queueing', () => {
    for (const bad of ['a\u0000b', 'a\uD800b', 'b\uDC00', 'a\u001Bb', 'a\u007Fb']) {
      const r = MutationSchema.safeParse({
        mutationId: crypto.randomUUID(),
        returnId: crypto.randomUUID(),
        kind: 'standard',
        standard: 1,
        baseVersion: 0,
        changes: { evidence: bad },
      });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['changes', 'evidence']);
      expect(r.error?.issues[0]?.message).toMatch(/cannot be saved/);
    }
  });

  it('keeps emoji, accents, right-to-left text and, in answers, line breaks and tabs', () => {
    const fine = 'Évaluation 🎉 عربى\r\n\tnext line';
    const r = MutationSchema.safeParse({
      mutationId: crypto.randomUUID(),
      returnId: crypto.randomUUID(),
      kind: 'standard',
      standard: 1,
      baseVersion: 0,
      changes: { evidence: fine },
    });
    expect(r.success).toBe(true);
    expect(
      SignOffInputSchema.safeParse({ name: 'Jo\tB', jobTitle: 'x', declaration: true }).success,
    ).toBe(false);
  });
});
