import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>There is no page at this address. If you typed it, check it; if you followed a link, it may be out of date.</p>
      <p>
        <Link href="/">Go to the home page</Link>
      </p>
    </Page>
  );
}
