import type { Me } from '../api.js';
import { Link } from './Link.js';

/** The office's name (a link home) and whose office it is. */
export function OfficeTitle({ me, linkHome = true }: { me: Me; linkHome?: boolean }) {
  return (
    <div className="office">
      {linkHome ? (
        <Link href="/" className="office-name">
          {me.office.name}
        </Link>
      ) : (
        <span className="office-name">{me.office.name}</span>
      )}
      <span className="office-member">
        <span className="visually-hidden">, </span>Office of {me.office.memberName}
      </span>
    </div>
  );
}
