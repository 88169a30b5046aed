import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { DEMO_OFFICE_ID } from '../../../seed/demo.js';

/** The office's constituency postcodes: loaded from a CSV file, all or nothing. */
let t: TestApp;
let manager: SignedInClient;
const URL = '/api/v1/office/constituency-postcodes';

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signIn(demo.email('manager'));
});
afterAll(() => t?.close());

const putCsv = (csv: string, headers: Record<string, string> = manager.headers) =>
  t.app.inject({ method: 'PUT', url: URL, headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
const stored = () => t.database.db.selectFrom('constituency_postcodes').select('postcode').where('office_id', '=', DEMO_OFFICE_ID).orderBy('postcode').execute();

describe('loading the postcodes', () => {
  it('takes the postcode column wherever it is, normalises each postcode, drops repeats and replaces the list', async () => {
    expect((await putCsv('postcode\nB1 1AA\n')).statusCode).toBe(200);
    const csv = 'ward,Postcode,households\r\nHalesowen North,b633aa,12\r\nHalesowen North, B63 4BB ,30\r\n\r\nCradley,"b63 3aa",12\r\n';
    const res = await putCsv(csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ count: 2 });
    expect(await stored()).toEqual([{ postcode: 'B63 3AA' }, { postcode: 'B63 4BB' }]);
    const count = await t.app.inject({ method: 'GET', url: URL, headers: { cookie: manager.cookie } });
    expect(count.json()).toEqual({ count: 2 });
    const [entry] = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids', 'actor_user_id']).orderBy('seq', 'desc').limit(1).execute();
    expect(entry).toMatchObject({ action: 'office.constituency_replaced', record_ids: [DEMO_OFFICE_ID, 'postcodes:2'] });
    expect(entry!.actor_user_id).not.toBeNull();
  });

  it('takes the file as the one file of a multipart form too', async () => {
    const form = new FormData();
    form.append('file', new Blob(['postcode\nSW1A 1AA\n'], { type: 'text/csv' }), 'constituency.csv');
    const encoded = new Response(form);
    const res = await t.app.inject({
      method: 'PUT',
      url: URL,
      headers: { ...manager.headers, 'content-type': encoded.headers.get('content-type')! },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await stored()).toEqual([{ postcode: 'SW1A 1AA' }]);
  });
});

describe('a file that is refused changes nothing', () => {
  const refusals: [string, string, string][] = [
    ['rows that are not postcodes, named by row', 'name,postcode\nA,B63 3AA\nB,not a postcode\nC,B63 4BB\nD,\n', 'Rows 3, 5 of the file do not hold a UK postcode'],
    ['no postcode column', 'name,post_code\nA,B63 3AA\n', 'no column named postcode'],
    ['a header and nothing under it', 'postcode\n', 'no postcodes under it'],
    ['a file that is not CSV', 'postcode\n"B63 3AA\n', 'not valid CSV'],
  ];
  it.each(refusals)('%s', async (_what, csv, message) => {
    expect((await putCsv('postcode\nB63 3AA\n')).statusCode).toBe(200);
    const audited = await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await putCsv(csv);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain(message);
    expect(res.json().error.message).toContain('Nothing was changed');
    expect(await stored()).toEqual([{ postcode: 'B63 3AA' }]);
    expect(await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).toEqual(audited);
  });

  it('names each bad row in the problems', async () => {
    const res = await putCsv('postcode\nB63 3AA\nnope\n');
    expect(res.json().error.problems).toEqual([{ path: 'row 3', message: '"nope" is not a UK postcode' }]);
  });

  it('a JSON body is refused with what to send instead', async () => {
    const res = await t.app.inject({ method: 'PUT', url: URL, headers: manager.headers, payload: { postcodes: ['B63 3AA'] } });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toContain('text/csv');
  });

  it('only someone who manages the office may load it', async () => {
    const caseworker = await t.signIn(demo.email('caseworker'));
    const res = await putCsv('postcode\nB1 1AA\n', caseworker.headers);
    expect(res.statusCode).toBe(403);
    expect(await stored()).not.toContainEqual({ postcode: 'B1 1AA' });
  });
});
