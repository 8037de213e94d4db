/** Where the storage notice belongs: only the pages where a return is filled in on the device. */
import { describe, expect, it } from 'vitest';
import { showsStorageNotice } from './storage-notice';

describe('the storage notice', () => {
  it('is shown on the returns list, a return and its standards and check-answers pages', () => {
    for (const path of [
      '/',
      '/returns/11111111-1111-4111-8111-111111111111',
      '/returns/11111111-1111-4111-8111-111111111111/standards/3',
      '/returns/11111111-1111-4111-8111-111111111111/check',
    ])
      expect(showsStorageNotice(path), path).toBe(true);
  });

  it('is not shown on the console, the confirmation page or account pages', () => {
    for (const path of [
      '/partnership',
      '/partnership/55555555-5555-4555-8555-555555555555/cycles',
      '/returns/11111111-1111-4111-8111-111111111111/sent',
      '/account/password',
      '/organisations/33333333-3333-4333-8333-333333333333/people',
      '/accessibility',
    ])
      expect(showsStorageNotice(path), path).toBe(false);
  });
});
