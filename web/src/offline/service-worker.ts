/**
 * Service worker registration through workbox-window. The app never reloads
 * itself: when a new version is waiting, listeners are told and the user
 * chooses when to update (after drafts are flushed).
 */
import { Workbox } from 'workbox-window';

let workbox: Workbox | null = null;

export function registerServiceWorker(): void {
  if (workbox || !('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  workbox = new Workbox('/sw.js', { scope: '/' });
  void workbox.register();
}
