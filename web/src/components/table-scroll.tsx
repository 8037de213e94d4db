import type { ReactNode } from 'react';

/**
 * A wide table that scrolls sideways inside its own region on narrow screens
 * (320 CSS px, 200% zoom) instead of making the whole page scroll. The region
 * is focusable so keyboard users can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
