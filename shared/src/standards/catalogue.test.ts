import { describe, expect, it } from 'vitest';
import { ALL_LIGHT_CHECK_IDS, CATALOGUE_VERSION, STANDARDS, getStandard } from './catalogue';

describe('the standards catalogue', () => {
  it('has the 8 standards in order', () => {
    expect(STANDARDS.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(getStandard(6).title).toBe('Safer recruitment and allegations');
    expect(CATALOGUE_VERSION).toMatch(/^\d{4}\.\d+$/);
  });

  it.each(STANDARDS.map((s) => [s.number, s] as const))(
    'standard %i has 3-6 prompts, 2-4 light checks and a RAG guide',
    (_n, s) => {
      expect(s.prompts.length).toBeGreaterThanOrEqual(3);
      expect(s.prompts.length).toBeLessThanOrEqual(6);
      expect(s.lightChecks.length).toBeGreaterThanOrEqual(2);
      expect(s.lightChecks.length).toBeLessThanOrEqual(4);
      expect(s.ragGuide.green && s.ragGuide.amber && s.ragGuide.red).toBeTruthy();
      expect(s.summary.split('. ').length).toBe(1);
      for (const c of s.lightChecks) expect(c.question.endsWith('?')).toBe(true);
    },
  );

  it('never reuses a prompt or check id', () => {
    const ids = STANDARDS.flatMap((s) => [
      ...s.prompts.map((p) => p.id),
      ...s.lightChecks.map((c) => c.id),
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ALL_LIGHT_CHECK_IDS.size).toBe(STANDARDS.reduce((n, s) => n + s.lightChecks.length, 0));
  });

  it('covers the early-years requirements in the light checks', () => {
    const text = STANDARDS.flatMap((s) =>
      s.lightChecks.map((c) => `${c.question} ${c.hint ?? ''}`),
    ).join(' ');
    for (const must of [
      'deputy',
      '12 months',
      'mobile phones and cameras',
      'parents',
      'DBS',
      'disqualified',
      'LADO',
      '14 days',
      'online',
      'whistleblowing',
      'the date',
    ]) {
      expect(text).toContain(must);
    }
  });
});
