import type { ProcessingChoices, Purpose } from '../../api.js';
import { DateText } from '../DateText.js';
import { conditionText, labelOf, retentionText, basisText } from './labels.js';

const Items = ({ items, none }: { items: readonly string[]; none: string }) =>
  items.length ? (
    <ul className="plain-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  ) : (
    <span className="muted">{none}</span>
  );

/** Everything the record says of one purpose, in the order Article 30(1) lists it. */
export function PurposeDetails({ purpose, choices }: { purpose: Purpose; choices: ProcessingChoices }) {
  return (
    <dl className="summary-list">
      <dt>What it is for</dt>
      <dd>{purpose.description}</dd>
      <dt>Lawful basis</dt>
      <dd>{basisText(choices, purpose.lawfulBasis)}</dd>
      <dt>Special category data</dt>
      <dd>
        <Items items={purpose.specialCategories.map((c) => labelOf(choices.specialCategories, c))} none="None" />
      </dd>
      <dt>Special category condition</dt>
      <dd>{conditionText(choices, purpose.specialCategoryCondition, purpose.scheduleOneParagraph)}</dd>
      <dt>Kinds of data</dt>
      <dd>
        <Items items={purpose.dataCategories} none="None" />
      </dd>
      <dt>Whom the data is about</dt>
      <dd>
        <Items items={purpose.dataSubjects} none="None" />
      </dd>
      <dt>Where it comes from</dt>
      <dd>
        <Items items={purpose.sources} none="None" />
      </dd>
      <dt>Who receives it</dt>
      <dd>
        <Items items={purpose.recipients} none="No one outside the office" />
      </dd>
      <dt>How long it is kept</dt>
      <dd>
        {retentionText(purpose.retentionMonths)}
        <p className="summary-more">{purpose.retentionNote}</p>
      </dd>
      <dt>Consent needed</dt>
      <dd>{purpose.consentRequired ? 'Yes' : 'No'}</dd>
      <dt>Used in Postbag by</dt>
      <dd>
        <Items items={purpose.modules.map((m) => labelOf(choices.modules, m))} none="None: processed outside Postbag" />
      </dd>
      <dt>Last changed</dt>
      <dd>
        <DateText iso={purpose.updatedAt} />
        {purpose.retiredAt && (
          <>
            ; retired <DateText iso={purpose.retiredAt} />
          </>
        )}
      </dd>
    </dl>
  );
}
