import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', stream), text: () => lines.join('') };
}

describe('logs', () => {
  it('redact personal fields wherever they appear', () => {
    const { logger, text } = capture();
    logger.info({ email: 'jo@example.org', person: { givenName: 'Jo', postcode: 'B63 3AA' }, caseId: 'abc' }, 'matched');
    expect(text()).not.toMatch(/jo@example\.org|"Jo"|B63 3AA/);
    expect(text()).toContain('[redacted]');
    expect(text()).toContain('abc');
  });

  it('drop query strings from request URLs and never log cookies', () => {
    const { logger, text } = capture();
    logger.info({ req: { id: '1', method: 'GET', url: '/api/v1/search?q=Jo%20Bloggs', headers: { cookie: 'postbag_session=secret' } } });
    expect(text()).toContain('/api/v1/search');
    expect(text()).not.toMatch(/Bloggs|postbag_session/);
  });

  it('drop the token from invitation links, the page and the API alike', () => {
    const { logger, text } = capture();
    const token = 'q0Zl3YzV7d1mEw2Nf9kTHb5XcR8sAaPp_uJiLoG-4Kx';
    for (const url of [`/invite/${token}`, `/api/v1/invites/${token}`]) logger.info({ req: { id: '1', method: 'POST', url } });
    expect(text()).not.toContain(token);
    expect(text()).toContain('/api/v1/invites/[redacted]');
  });
});
