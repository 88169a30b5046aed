import { useId, type ReactNode, type Ref } from 'react';

interface Props {
  title: string;
  children: ReactNode;
  /** The heading, for moving focus to it after an action removed the control that had it. */
  headingRef?: Ref<HTMLHeadingElement>;
  className?: string;
}

/** A titled part of a page, as a card; its heading names the region for screen readers. */
export function Section({ title, children, headingRef, className }: Props) {
  const id = useId();
  return (
    <section className={`card section ${className ?? ''}`} aria-labelledby={id}>
      <h2 id={id} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}
