import type { Capability } from '../capabilities.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';

export function NoAccessPage({ capability }: { capability: Capability }) {
  return (
    <Page title={capability.label}>
      <p>Your role does not give you access to {capability.label.toLowerCase()}. Ask your office manager if you need it.</p>
      <p>
        <Link href="/">Go to the home page</Link>
      </p>
    </Page>
  );
}
