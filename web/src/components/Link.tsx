import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from '../router.js';

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** An ordinary link that moves within the app without reloading; modified clicks (new tab etc.) behave as usual. */
export function Link({ href, onClick, ...rest }: Props) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}
