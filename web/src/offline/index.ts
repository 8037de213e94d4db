/**
 * The one module that talks to the network, IndexedDB and the service worker.
 * Features call what this exports; they never import dexie or call fetch.
 */
export { registerServiceWorker } from './service-worker';
