import type { MergeField } from '../../api.js';

/** Every merge field the server knows, and what it becomes: the type makes a field added there show up here as missing. */
const fieldWords: Record<MergeField, string> = {
  'constituent.name': 'The constituent’s full name',
  'constituent.title': 'Their title, e.g. “Ms” or “Dr”',
  'constituent.givenName': 'The constituent’s first name',
  'constituent.familyName': 'The constituent’s surname',
  'constituent.salutation': 'How the letter opens: “Dear Ms Khan” with a title, else “Dear Amina Khan”',
  'case.reference': 'The case reference, e.g. PB-123',
  'agency.name': 'The agency the letter or e-mail is about',
  'member.name': 'The member’s name',
  'member.signature': 'The signature from the correspondence settings',
  'office.name': 'The office’s name',
  today: 'Today’s date',
};

/** The merge fields a template can use, beside the editor. */
export function MergeFields() {
  return (
    <aside className="card section" aria-labelledby="merge-fields-title">
      <h2 id="merge-fields-title">Merge fields</h2>
      <p className="field-hint">Type one into the subject or text as it is shown; it is filled in for each case. A field with nothing to fill it stops the letter or e-mail, rather than leaving a blank.</p>
      <dl className="merge-fields">
        {Object.entries(fieldWords).map(([field, words]) => (
          <div key={field}>
            <dt>
              <code>{`{{${field}}}`}</code>
            </dt>
            <dd>{words}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
