import type { PersonDetail } from '../../api.js';

/** The flags that change how the office may contact or treat someone, as words (never colour alone). */
export function PersonFlags({ person }: { person: PersonDetail }) {
  const { flags, referral } = person;
  const shown = [
    flags.deceased && 'Deceased',
    flags.doNotContact && 'Do not contact',
    flags.outOfConstituency && 'Out of constituency',
    flags.child && (flags.childByDateOfBirth ? 'Child (by date of birth)' : 'Child'),
    flags.vulnerable && 'Vulnerable',
    referral.awaitingConfirmation && 'Referred by someone else: not yet confirmed',
  ].filter((flag): flag is string => typeof flag === 'string');
  return (
    <ul className="flag-list" aria-label="Flags">
      <li>
        <span className={`badge ${person.contactable ? 'badge-done' : 'badge-problem'}`}>{person.contactable ? 'Contactable' : 'Not contactable'}</span>
      </li>
      {shown.map((flag) => (
        <li key={flag}>
          <span className="badge badge-waiting">{flag}</span>
        </li>
      ))}
    </ul>
  );
}
