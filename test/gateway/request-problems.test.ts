/**
 * Hostile or careless input found by trying the API as a new user would (issue 17): text that is
 * not accepted text, paging bookmarks a shell cannot carry, and a body with several problems.
 * Through the real app on the embedded ledger; every refusal is a 400 naming what to fix and
 * changes nothing.
 */
import { expect } from 'chai';
import { licenceBody } from '../support/grant-bodies';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { PERSON_1, application, apiClient, expectProblem, issueViaApi, type ApiClient } from './support/api-client';

const DATA_GROUP = '91321200MA3GHJ5624';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('request problems: accepted text, opaque bookmarks, every problem of a body', function () {
  this.timeout(180_000);
  let gw: TestGateway;
  let api: ApiClient;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  describe('accepted text', function () {
    const refusals: [string, Record<string, unknown>, RegExp][] = [
      ['a lone surrogate', { name: 'sensor data \ud800' }, /^name must be well-formed Unicode: it contains a lone surrogate \(U\+D800\)/],
      ['a lone low surrogate', { name: '\udc00 sensor data' }, /^name must be well-formed Unicode: it contains a lone surrogate \(U\+DC00\)/],
      ['NUL', { name: 'sensor\u0000data' }, /^name must not contain control characters \(U\+0000\)/],
      ['an escape character', { name: 'sensor \u001b[31mdata' }, /^name must not contain control characters \(U\+001B\)/],
      ['a right-to-left override', { name: 'invoice \u202Efdp.exe' }, /^name must not contain bidirectional formatting characters \(U\+202E\)/],
      ['a bidi isolate', { name: 'data \u2067x\u2069' }, /^name must not contain bidirectional formatting characters \(U\+2067\)/],
      ['a line break in a name', { name: 'sensor\ndata' }, /^name must be one line: no tab or line break \(U\+000A\)/],
      ['a decomposed (not NFC) name', { name: 'cafe\u0301 data' }, /^name must be in Unicode normalization form C \(NFC\)/],
      ['NUL in free text', { description: 'hourly\u0000readings' }, /^description must not contain control characters \(U\+0000\)/],
      ['an override in free text', { description: 'hourly \u202Ereadings' }, /^description must not contain bidirectional formatting characters/],
      ['NUL in a metadata value', { metadata: { format: 'par\u0000quet' } }, /^metadata\.format must not contain control characters \(U\+0000\)/],
      ['a lone surrogate in a metadata key', { metadata: { '\ud83d': 1 } }, /^a key of metadata must be well-formed Unicode/],
    ];
    for (const [what, fields, detail] of refusals) {
      it(`refuses ${what} with 400 naming the field, and writes nothing`, async function () {
        const before = await gw.net.ledger.height();
        const res = await api.call('enterprise-a', 'POST', '/certificates', application(fields));
        expect(expectProblem(res, 400, 'invalid_request')).to.match(detail);
        expect(await gw.net.ledger.height()).to.equal(before);
      });
    }

    it('accepts free text with line breaks and tabs, and Chinese names in NFC', async function () {
      const res = await api.call('enterprise-a', 'POST', '/certificates', application({ name: '泰州智能工厂传感器数据 café', description: 'line one\n\tline two\r\n' }));
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.include({ name: '泰州智能工厂传感器数据 café', description: 'line one\n\tline two\r\n' });
    });
  });

  describe('paging bookmarks', function () {
    it('hands out opaque URL-safe bookmarks that page through a listing when put in a URL as they are', async function () {
      const assetId = (await issueViaApi(api)).id as string;
      const made = [
        await api.ok('enterprise-a', 'POST', '/grants', licenceBody(assetId)),
        await api.ok('enterprise-a', 'POST', '/grants', licenceBody(assetId, { grantee: DATA_GROUP })),
        await api.ok('enterprise-a', 'POST', '/grants', licenceBody(assetId, { grantee: PERSON_1 })),
      ].map((g: { id: string }) => g.id);
      const seen: string[] = [];
      const bookmarks: string[] = [];
      let bookmark = '';
      for (let pages = 0; pages < 10; pages++) {
        // No encodeURIComponent: the bookmark is already safe in a URL (and in `jq -r` output).
        const page = await api.ok('auditor', 'GET', `/grants?assetId=${assetId}&limit=1&bookmark=${bookmark}`);
        seen.push(...page.items.map((g: { id: string }) => g.id));
        bookmark = page.bookmark as string;
        if (bookmark === '') break;
        expect(bookmark).to.match(BASE64URL);
        bookmarks.push(bookmark);
      }
      expect(bookmark).to.equal('');
      expect([...seen].sort()).to.deep.equal([...made].sort());
      expect(bookmarks).to.have.length.at.least(2);

      // A raw key (what a bookmark was before it was encoded) and a mangled bookmark are refused, naming the bookmark.
      const raw = Buffer.from(bookmarks[0]!, 'base64url').toString('utf8');
      expect(raw).to.include('\u0000');
      for (const bad of [raw, `${bookmarks[0]!}=`, `${bookmarks[0]!.slice(0, -2)}~~`]) {
        const res = await api.call('auditor', 'GET', `/grants?assetId=${assetId}&limit=1&bookmark=${encodeURIComponent(bad)}`);
        expect(expectProblem(res, 400, 'invalid_request')).to.match(/^bookmark is not one this listing handed out/);
      }
    });
  });

  describe('a request with several problems', function () {
    it('reports every problem of a body in `errors`, the first also as `detail`', async function () {
      const res = await api.call('enterprise-a', 'POST', '/certificates', {});
      expect(expectProblem(res, 400, 'invalid_request')).to.equal('/registry is required');
      const errors = res.body.errors as { detail: string; pointer: string }[];
      expect(errors[0]).to.deep.equal({ detail: '/registry is required', pointer: '#/registry' });
      const pointers = errors.map((e) => e.pointer);
      for (const field of ['registry', 'assetType', 'name', 'fingerprint', 'rights']) expect(pointers).to.include(`#/${field}`);

      const mixed = await api.call('enterprise-a', 'POST', '/certificates', application({ fingerprint: 'nope', grade: 'secret', extra: 1 }));
      expectProblem(mixed, 400, 'invalid_request');
      expect((mixed.body.errors as { pointer: string }[]).map((e) => e.pointer).sort()).to.deep.equal(['#/extra', '#/fingerprint', '#/grade']);
    });

    it('names the query parameter of a paging problem (`limit`), not an internal field', async function () {
      for (const limit of ['0', '501', 'ten']) {
        const res = await api.call('auditor', 'GET', `/grants?grantee=${DATA_GROUP}&limit=${limit}`);
        const detail = expectProblem(res, 400, 'invalid_request');
        expect(detail).to.match(/^query parameter limit must be/);
        expect(detail).to.not.include('pageSize');
        expect(res.body.errors).to.deep.include({ detail, parameter: 'limit' });
      }
    });
  });
});
