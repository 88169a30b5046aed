import type { Capability } from '../capabilities.js';
import { Link } from './Link.js';

interface Props {
  id: string;
  items: readonly Capability[];
  currentPath: string;
  open: boolean;
  onNavigate: () => void;
}

/** The capabilities this user may use. On a narrow screen it is hidden until the menu button opens it. */
export function MainNav({ id, items, currentPath, open, onNavigate }: Props) {
  const link = (href: string, label: string) => (
    <li key={href}>
      <Link href={href} aria-current={currentPath === href ? 'page' : undefined} onClick={onNavigate}>
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
