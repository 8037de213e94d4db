import { describe, expect, it } from 'vitest';
import { EMPTY_STANDARD_FIELDS, type CheckResponse } from '../schemas/entities';
import { getStandard } from '../standards/catalogue';
import {
  applyPatch,
  checkIdOf,
  checkPath,
  combinePatches,
  fieldLabel,
  fieldPaths,
  flattenFields,
  omitPaths,
  patchOf,
  unflattenFields,
} from './fields';

const yes: CheckResponse = { answer: 'yes', note: '' };
const partly: CheckResponse = { answer: 'partly', note: 'Deputy in training' };

describe('field paths', () => {
  it('names each check on its own, and reads the id back', () => {
    expect(checkPath('l3-lead')).toBe('checks.l3-lead');
    expect(checkIdOf('checks.l3-lead')).toBe('l3-lead');
    expect(checkIdOf('gaps')).toBeNull();
  });

  it('flattens checks to one path each and unflattens them back into a patch', () => {
    const patch = { gaps: 'No deputy', checks: { 'l3-lead': yes, 'l3-deputy': partly } };
    const flat = flattenFields(patch);
    expect(flat).toEqual({ gaps: 'No deputy', 'checks.l3-lead': yes, 'checks.l3-deputy': partly });
    expect(unflattenFields(flat)).toEqual(patch);
    expect(fieldPaths(patch)).toEqual(['gaps', 'checks.l3-lead', 'checks.l3-deputy']);
    // Whole fields with no checks answered have no check paths.
    expect(fieldPaths(EMPTY_STANDARD_FIELDS)).not.toContain('checks');
    expect(patchOf('checks.l3-lead', yes)).toEqual({ checks: { 'l3-lead': yes } });
    expect(patchOf('rag', 'amber')).toEqual({ rag: 'amber' });
  });

  it('applies a patch: fields replace, checks merge per check id', () => {
    const before = { ...EMPTY_STANDARD_FIELDS, gaps: 'old', checks: { 'l3-lead': yes } };
    const after = applyPatch(before, { gaps: 'new', checks: { 'l3-deputy': partly } });
    expect(after).toEqual({
      ...before,
      gaps: 'new',
      checks: { 'l3-lead': yes, 'l3-deputy': partly },
    });
    expect(before.checks).toEqual({ 'l3-lead': yes });
  });

  it('combines two patches per path, the later winning, and leaves paths out', () => {
    const a = { gaps: 'a', checks: { 'l3-lead': yes } };
    const b = { gaps: 'b', checks: { 'l3-deputy': partly } };
    expect(combinePatches(a, b)).toEqual({
      gaps: 'b',
      checks: { 'l3-lead': yes, 'l3-deputy': partly },
    });
    expect(omitPaths(combinePatches(a, b), new Set(['gaps', 'checks.l3-lead']))).toEqual({
      checks: { 'l3-deputy': partly },
    });
    expect(omitPaths(a, new Set(['checks.l3-lead']))).toEqual({ gaps: 'a' });
  });
});

describe('fieldLabel', () => {
  it('gives one set of words for every field, and a check its question', () => {
    expect(fieldLabel('currentPractice')).toBe('Current practice');
    expect(fieldLabel('evidence')).toBe('Evidence of improved outcomes');
    expect(fieldLabel('rag')).toBe('Self-rating');
    expect(fieldLabel('dueOn')).toBe('Due date');
    expect(fieldLabel('deleted')).toBe('Removed');
    const check = getStandard(3).lightChecks[0];
    expect(fieldLabel(checkPath(check?.id ?? ''))).toBe(check?.question);
    expect(fieldLabel('checks.no-such-check')).toBe('An answer to a check');
  });
});
