import type { Capability } from '../capabilities.js';
import { Link } from './Link.js';

interface Props {
  id: string;
  items: readonly Capability[];
  currentPath: string;
  open: boolean;
  onNavigate: () => void;
}

/** "page" on the item's own page; "true" on a page within it (a case within Cases), so the reader still knows where they are. */
function currentAt(href: string, currentPath: string): 'page' | 'true' | undefined {
  if (currentPath === href) return 'page';
  return href !== '/' && currentPath.startsWith(`${href}/`) ? 'true' : undefined;
}

/** The capabilities this user may use. On a narrow screen it is hidden until the menu button opens it. */
export function MainNav({ id, items, currentPath, open, onNavigate }: Props) {
  const link = (href: string, label: string) => (
    <li key={href}>
      <Link href={href} aria-current={currentAt(href, currentPath)} onClick={onNavigate}>
        {label}
      </Link>
    </li>
  );
  return (
    <nav id={id} aria-label="Main" className={`main-nav${open ? ' is-open' : ''}`}>
      <ul>
        {link('/', 'Home')}
        {items.map((item) => link(item.path, item.label))}
      </ul>
    </nav>
  );
}
