import { describe, expect, it } from 'vitest';
import { bookFields } from './write-fields';

describe('bookFields (the bookkeeping writeFields stores)', () => {
  it('stamps each written path with the version and its writer, forgetting unknown writers', () => {
    const prior = {
      fieldVersions: { gaps: 3, rag: 3 },
      fieldWriters: { gaps: 'dev-a', rag: 'dev-a' },
    };
    expect(bookFields(prior, ['gaps', 'checks.l1-owner'], 9, 'dev-b')).toEqual({
      fieldVersions: { gaps: 9, rag: 3, 'checks.l1-owner': 9 },
      fieldWriters: { gaps: 'dev-b', rag: 'dev-a', 'checks.l1-owner': 'dev-b' },
    });
    // The server's own write (no device): the old writer must not match a device any more.
    expect(bookFields(prior, ['rag'], 10)).toEqual({
      fieldVersions: { gaps: 3, rag: 10 },
      fieldWriters: { gaps: 'dev-a' },
    });
    expect(prior.fieldVersions).toEqual({ gaps: 3, rag: 3 });
  });
});
