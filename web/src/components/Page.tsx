import { useEffect, type ReactNode } from 'react';

interface Props {
  title: string;
  /** A line under the heading. */
  lead?: ReactNode;
  /** Controls beside the heading, e.g. filters. */
  actions?: ReactNode;
  children?: ReactNode;
}

/**
 * One page in the shell: sets the document title and renders the page's h1. The h1 takes
 * focus programmatically after navigation (tabIndex -1) so screen readers announce the new page.
 */
export function Page({ title, lead, actions, children }: Props) {
  useEffect(() => {
    document.title = `${title} – Postbag`;
  }, [title]);

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1} id="page-title">
            {title}
          </h1>
          {lead && <p className="lead">{lead}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
