import type { Capability } from '../capabilities.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';

/** `refused`: what the role does not allow within the area, e.g. "open cases"; by default, the whole area. */
export function NoAccessPage({ capability, refused }: { capability: Capability; refused?: string | undefined }) {
  return (
    <Page title={capability.label}>
      <p>
        {refused
          ? `Your role does not allow you to ${refused}. Ask your office manager if you need to.`
          : `Your role does not give you access to ${capability.label.toLowerCase()}. Ask your office manager if you need it.`}
      </p>
      <p>
        <Link href="/">Go to the home page</Link>
      </p>
    </Page>
  );
}
