/**
 * Service worker registration through workbox-window. The app never reloads
 * by itself (that would lose what is being typed): when a new version is
 * waiting, listeners are told; when the user chooses to update, every draft
 * is flushed to the device's store first, then the new worker takes over and
 * the page reloads.
 */
import { Workbox } from 'workbox-window';

let workbox: Workbox | null = null;
let waiting = false;
const listeners = new Set<(available: boolean) => void>();

export function registerServiceWorker(): void {
  if (
    workbox ||
    typeof navigator === 'undefined' ||
    !('serviceWorker' in navigator) ||
    !import.meta.env.PROD
  )
    return;
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => {
    waiting = true;
    for (const l of listeners) l(true);
  });
  void workbox.register();
}

export function onUpdateAvailable(fn: (available: boolean) => void): () => void {
  listeners.add(fn);
  fn(waiting);
  return () => listeners.delete(fn);
}

/** Flush drafts, then let the waiting worker take control and reload once. */
export async function applyUpdate(flushDrafts: () => Promise<void>): Promise<void> {
  await flushDrafts();
  if (!workbox) return;
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}
