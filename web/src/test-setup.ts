// IndexedDB for Dexie in jsdom, before any module opens a database.
import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

afterEach(() => {
  cleanup();
});

// findBy*/waitFor wait up to 5 s, not 1 s: a first render that imports a page
// and answers its queries can take longer than a second on a loaded CI machine
// (seen with the whole web project running in parallel on 2 cores).
configure({ asyncUtilTimeout: 5_000 });
