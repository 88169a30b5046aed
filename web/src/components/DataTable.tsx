import type { ReactNode } from 'react';

interface Props {
  /** Names the table for screen readers (and the scrolling region around it). */
  caption: string;
  busy: boolean;
  children: ReactNode;
}

/**
 * A table that scrolls sideways inside its own box on a narrow screen instead of widening
 * the page; the box can take focus so that keyboard users can scroll it too.
 */
export function DataTable({ caption, busy, children }: Props) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
