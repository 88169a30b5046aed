import { startTestApp } from '../support/app.js';
import { launchBrowser, newPage, onLocalhost, phone } from './browser.js';
import { signIn, demoUser, fetchMe, fillSignInForm } from './staff-app.js';

const app = await startTestApp();
const browser = await launchBrowser();
const base = onLocalhost(app.url);
{
  const { page } = await newPage(browser);
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  await signIn(page, base, demoUser(app.demo.users, 'manager'), app.demo.password);
  const csrf = ((await fetchMe(page)).body as { csrfToken: string }).csrfToken;
  await page.evaluate(async (token) => { await fetch('/api/v1/office', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body: JSON.stringify({ requireTwoFactor: true }) }); }, csrf);
  await page.keyboard.press('Tab');
  await page.screenshot({ path: '/tmp/look-skip.png' });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.screenshot({ path: '/tmp/look-focus-nav.png' });
}
{
  const { page } = await newPage(browser);
  const dpo = demoUser(app.demo.users, 'data_protection_lead');
  await page.goto(base);
  await fillSignInForm(page, dpo.email, app.demo.password);
  await page.getByRole('button', { name: 'Start setting up' }).click();
  await page.locator('.secret').waitFor();
  await page.screenshot({ path: '/tmp/look-enrol.png' });
}
{
  const { page } = await newPage(browser, { viewport: phone });
  await signIn(page, base, demoUser(app.demo.users, 'caseworker'), app.demo.password);
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: '/tmp/look-phone-menu.png' });
}
await browser.close();
await app.close();
