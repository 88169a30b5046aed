import type { Capability } from '../capabilities.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';

/** The page for a capability that is not built yet: says so plainly, and what it will do. */
export function ComingSoonPage({ capability }: { capability: Capability }) {
  return (
    <Page title={capability.label}>
      <div className="card notice-card">
        <p className="badge badge-muted">Coming soon</p>
        <p>
          <strong>{capability.label} is not available yet.</strong> {capability.description}
        </p>
        <p>
          <Link href="/">Back to the home page</Link>
        </p>
      </div>
    </Page>
  );
}
