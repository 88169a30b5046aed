import { Section } from '../Section.js';
import { SocialImportForm } from './SocialImportForm.js';
import { SocialPasteForm } from './SocialPasteForm.js';

/** Messages sent to the office on social media: one pasted in, or a platform's export. They wait in the inbox like e-mail. */
export function SocialMedia() {
  return (
    <Section title="Social media messages" className="form-page section-apart">
      <p className="field-hint">Messages sent to the member on social media. Each is stored once, matched to the person with that handle, and waits in the inbox.</p>
      <h3>Paste a social media message</h3>
      <SocialPasteForm />
      <h3>Import a JSON export</h3>
      <SocialImportForm />
    </Section>
  );
}
