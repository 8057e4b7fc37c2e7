import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { CertificateBundle } from '../../network/src/proof/certificate-bundle';
import { publicVerifierOf } from '../../gateway/src/verification/public-verifier';
import { createVerificationReadModel } from '../../gateway/src/verification/verification-read-model';
import { VERDICT_REASONS } from '../../gateway/src/verification/verdict';
import { createRequestValidator } from '../../gateway/src/openapi/validator';
import { issueCertificateTx } from '../support/certificates';
import { DAL_CHAINCODE } from '../support/test-network';
import { startGateway, type TestGateway } from './support/start-gateway';
import { ENTERPRISE_A, PERSON_1, YANCHENG, apiClient, application, expectProblem, issueViaApi, type ApiClient } from './support/api-client';

/** Everything public verification may say; holders, applicant, name, description and metadata are personal or private. */
const PUBLIC_FIELDS = ['id', 'exists', 'valid', 'reason', 'status', 'since', 'pledged', 'encumbrances', 'issuer', 'assetType', 'fingerprint', 'issuedAt', 'expiresAt', 'version', 'recognitions', 'txId', 'blockNumber', 'checkedAt'];

describe('public verification over HTTP', function () {
  let gw: TestGateway;
  let api: ApiClient;
  before(async function () {
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
  });
  after(async () => gw?.close());

  it('verifies a certificate by id without an API key, with no personal data and the transaction and block of each fact', async function () {
    const cert = await issueViaApi(api, {
      applicant: 'person-1',
      body: { source: 'personal', containsPersonalInfo: true, name: 'My fitness tracker data', rights: [{ type: 'holding', holder: PERSON_1 }] },
    });
    const proposed = await api.ok('taizhou-registrar', 'POST', '/agreements', {
      counterparty: YANCHENG,
      scope: { assetTypes: ['resource'], grades: ['general'] },
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validTo: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await api.ok('yancheng-registrar', 'POST', `/agreements/${proposed.id}/approve`);
    const recognition = await api.ok('yancheng-registrar', 'POST', '/recognitions', { certificateId: cert.id });

    const res = await api.call(null, 'GET', `/certificates/${cert.id}/verification`);
    expect(res.status).to.equal(200);
    const v = res.body;
    expect(v).to.include({ id: cert.id, exists: true, valid: true, status: 'issued', pledged: false, fingerprint: cert.fingerprint, issuedAt: cert.issuedAt, txId: cert.txId, blockNumber: cert.blockNumber });
    expect(v.issuer).to.include({ mspId: 'TaizhouRegistryMSP', cityCode: '321200', nameZh: '泰州市数据资产登记确权中心' });
    expect(v.recognitions).to.deep.equal([{ registry: YANCHENG, recognisedAt: recognition.recognisedAt, valid: true, txId: recognition.txId, blockNumber: recognition.blockNumber }]);
    expect(PUBLIC_FIELDS).to.include.members(Object.keys(v));
    const text = JSON.stringify(v);
    for (const personal of [PERSON_1, 'person-1', 'fitness', 'applicant', 'rights', 'x509::']) expect(text).to.not.contain(personal);
  });

  it('reports a judicial freeze by kind, since and reference while the certificate stays valid, and drops it once lifted', async function () {
    const cert = await issueViaApi(api);
    const frozen = await api.ok('regulator', 'POST', `/certificates/${cert.id}/freezes`, { court: '泰州市中级人民法院', reference: '(2026)苏12执保5号' });
    const v = await api.ok(null, 'GET', `/certificates/${cert.id}/verification`);
    expect(v).to.include({ valid: true, status: 'issued', pledged: false });
    expect(v.encumbrances).to.deep.equal([{ kind: 'judicial_freeze', since: frozen.since, reference: '(2026)苏12执保5号' }]);
    expect(JSON.stringify(v)).to.not.contain('泰州市中级人民法院');
    await api.ok('regulator', 'POST', `/certificates/${cert.id}/freezes/${frozen.id}/lift`, { reference: '(2026)苏12执保5号之一' });
    expect((await api.ok(null, 'GET', `/certificates/${cert.id}/verification`)).encumbrances).to.deep.equal([]);
  });

  it('refuses a freeze by anyone but the regulator (403) and one without a court-order reference (400)', async function () {
    const cert = await issueViaApi(api);
    expectProblem(await api.call('taizhou-registrar', 'POST', `/certificates/${cert.id}/freezes`, { court: 'c', reference: 'r' }), 403, 'forbidden');
    expectProblem(await api.call('regulator', 'POST', `/certificates/${cert.id}/freezes`, { court: 'c' }), 400, 'invalid_request');
    expect((await api.ok(null, 'GET', `/certificates/${cert.id}/verification`)).encumbrances).to.deep.equal([]);
  });

  it('signs public queries as a dedicated public-verifier identity that has no API key and is not in demo-credentials.json', async function () {
    const file = await readFile(gw.demo.file, 'utf8');
    expect(file).to.not.contain('public-verifier');
    expect(Object.values(gw.demo.credentials).map((c) => c.enrollmentId)).to.not.include('public-verifier');
    const seen = JSON.parse(Buffer.from(await gw.net.ledger.evaluate(publicVerifierOf(gw.net.consortium), 'Consortium:Get', [])).toString('utf8'));
    expect(seen).to.be.an('object');
  });

  it('answers exists false for an id nobody registered, and 400 for a malformed one', async function () {
    const v = await api.ok(null, 'GET', '/certificates/320800-2026-999999/verification');
    expect(v).to.include({ id: '320800-2026-999999', exists: false, valid: false, reason: 'not-found' });
    expectProblem(await api.call(null, 'GET', '/certificates/DROP TABLE/verification'), 400, 'invalid_request');
  });

  it('finds a certificate by its query code (查询码), in any letter case, without an API key', async function () {
    const cert = await issueViaApi(api);
    const byCode = await api.ok(null, 'GET', `/verification/${(cert.queryCode as string).toLowerCase()}`);
    expect(byCode).to.include({ id: cert.id, exists: true, valid: true, status: 'issued' });
    expect(byCode).to.not.have.property('reason');
    expect(JSON.stringify(byCode)).to.not.contain(ENTERPRISE_A);
    expectProblem(await api.call(null, 'GET', '/verification/0000000000'), 404, 'not_found');
    expectProblem(await api.call(null, 'GET', '/verification/short'), 400, 'invalid_request');
  });

  it('shows a revocation at once, even when the verification was served from memory before', async function () {
    const cert = await issueViaApi(api);
    for (let i = 0; i < 3; i++) expect((await api.ok(null, 'GET', `/certificates/${cert.id}/verification`)).status).to.equal('issued');
    const revoked = await api.ok('taizhou-registrar', 'POST', `/certificates/${cert.id}/revoke`, { reason: 'court order' });
    const v = await api.ok(null, 'GET', `/certificates/${cert.id}/verification`);
    expect(v).to.include({ status: 'revoked', valid: false, reason: 'revoked', since: revoked.closure.at, txId: revoked.txId, blockNumber: revoked.blockNumber });
    expect(await api.ok(null, 'GET', `/verification/${cert.queryCode as string}`)).to.include({ id: cert.id, valid: false, reason: 'revoked' });
  });

  it('answers not valid, reason not-issued, for an application that was applied for or is in publicity but not issued', async function () {
    const applied = await api.ok('enterprise-a', 'POST', '/certificates', application());
    expect(await api.ok(null, 'GET', `/certificates/${applied.id}/verification`)).to.include({ exists: true, status: 'applied', valid: false, reason: 'not-issued' });
    const publicizing = await api.ok('taizhou-registrar', 'POST', `/certificates/${applied.id}/review`, { decision: 'approve', publicityDays: 10 });
    expect(await api.ok(null, 'GET', `/certificates/${publicizing.id}/verification`)).to.include({ status: 'publicizing', valid: false, reason: 'not-issued' });
  });

  it('answers not valid, reason cancelled, once the holder cancelled the certificate (注销)', async function () {
    const cert = await issueViaApi(api);
    await api.ok('enterprise-a', 'POST', `/certificates/${cert.id}/cancel`, { reason: 'asset retired' });
    expect(await api.ok(null, 'GET', `/certificates/${cert.id}/verification`)).to.include({ status: 'cancelled', valid: false, reason: 'cancelled' });
  });

  it('computes expiry at answer time: a certificate past its term verifies as expired', async function () {
    const cert = await issueViaApi(api);
    const later = new Date(Date.parse(cert.expiresAt as string) + 1000);
    const model = createVerificationReadModel({ ledger: gw.net.ledger, identity: publicVerifierOf(gw.net.consortium), now: () => later });
    try {
      const v = await model.byId(cert.id);
      expect(v).to.include({ status: 'expired', valid: false, reason: 'expired', since: cert.expiresAt });
    } finally {
      model.close();
    }
  });

  describe('bundles: valid means the certificate holds now', function () {
    let cert: Record<string, string>;
    let bundle: CertificateBundle;
    const published = createRequestValidator();
    /** POST /verify as a relying party would, checking each answer against the schema the OpenAPI document publishes. */
    const verify = async (b: unknown): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const r = await api.ok(null, 'POST', '/verify', b);
      published.validate('body', 'BundleVerification', JSON.parse(JSON.stringify(r)));
      return r;
    };
    /** An issued certificate and the bundle its holder's bank took while it was issued. */
    const issuedWithBundle = async (): Promise<{ cert: Record<string, string>; bundle: CertificateBundle }> => {
      const issued = await issueViaApi(api);
      return { cert: issued, bundle: await api.ok('bank-officer', 'GET', `/certificates/${issued.id}/bundle`) };
    };
    before(async function () {
      ({ cert, bundle } = await issuedWithBundle());
    });

    it('hands any member a bundle that POST /verify finds valid — proof and live status — every check named', async function () {
      expect(bundle.credentialSubject).to.include({ id: cert.id, status: 'issued' });
      const r = await verify(bundle);
      expect(r).to.include({ valid: true, proofValid: true });
      expect(r).to.not.have.any.keys('reason', 'failedCheck');
      expect(r.checks.filter((c: { ok: boolean }) => !c.ok)).to.deep.equal([]);
      expect(r.checks.map((c: { name: string }) => c.name)).to.include.members(['trust-anchors', 'endorsements', 'issuer-endorsement', 'state-write', 'block-signature', 'committed-valid']);
      expect(r.checks.find((c: { name: string }) => c.name === 'trust-anchors').detail).to.match(/pinned/);
      expect(r.facts).to.include({ certificateId: cert.id, txId: cert.txId, blockNumber: cert.blockNumber });
      expect(r.live).to.include({ id: cert.id, exists: true, status: 'issued', valid: true, pledged: false, changedSinceBundle: false });
    });

    it('finds a tampered bundle not valid, reason proof-failed, and names the failing check', async function () {
      const tampered = JSON.parse(JSON.stringify(bundle)) as { credentialSubject: Record<string, unknown> };
      tampered.credentialSubject.grade = 'important';
      const r = await verify(tampered);
      expect(r).to.include({ valid: false, proofValid: false, reason: 'proof-failed', failedCheck: 'credential-subject' });
      expect(r.checks.find((c: { ok: boolean }) => !c.ok).name).to.equal('credential-subject');
    });

    it('answers a bundle it cannot read with a failed format check, and a body that is no bundle with 400', async function () {
      const broken = { ...bundle, proof: { ...bundle.proof, transaction: 'nonsense' } };
      const r = await verify(broken);
      expect(r).to.include({ valid: false, proofValid: false, reason: 'proof-failed', failedCheck: 'format' });
      expect(r.checks.find((c: { ok: boolean }) => !c.ok).name).to.equal('format');
      expect(expectProblem(await api.call(null, 'POST', '/verify', { hello: 'world' }), 400, 'invalid_request')).to.match(/is required/);
    });

    it('answers not valid, reason revoked, for a bundle taken before the regulator revoked the certificate, whose proof still holds', async function () {
      const taken = await issuedWithBundle();
      const revoked = await api.ok('regulator', 'POST', `/certificates/${taken.cert.id}/revoke`, { reason: 'fraud' });
      const r = await verify(taken.bundle);
      expect(r).to.include({ valid: false, reason: 'revoked', proofValid: true });
      expect(r).to.not.have.property('failedCheck');
      expect(r.checks.filter((c: { ok: boolean }) => !c.ok)).to.deep.equal([]);
      expect(r.live).to.include({ status: 'revoked', valid: false, reason: 'revoked', since: revoked.closure.at, txId: revoked.txId, changedSinceBundle: true });
    });

    it('answers not valid, reason cancelled, for a bundle taken before the holder cancelled the certificate', async function () {
      const taken = await issuedWithBundle();
      await api.ok('enterprise-a', 'POST', `/certificates/${taken.cert.id}/cancel`, { reason: 'asset retired' });
      const r = await verify(taken.bundle);
      expect(r).to.include({ valid: false, reason: 'cancelled', proofValid: true });
      expect(r.live).to.include({ status: 'cancelled', valid: false, changedSinceBundle: true });
    });

    it('answers not valid, reason expired, for a genuine bundle of a certificate whose term ended in ledger time', async function () {
      // issued by transactions timestamped three years and two days ago: its term ended two days ago
      const old = await issueCertificateTx(gw.net, { at: new Date(Date.now() - (3 * 365 + 3) * 86_400_000) });
      const expiresAt = old.record.expiresAt as string;
      expect(Date.parse(expiresAt)).to.be.below(Date.now());
      const oldBundle = await api.ok('bank-officer', 'GET', `/certificates/${old.id}/bundle`);
      expect(oldBundle.validUntil).to.equal(expiresAt);
      const r = await verify(oldBundle);
      expect(r).to.include({ valid: false, reason: 'expired', proofValid: true });
      expect(r.live).to.include({ status: 'expired', valid: false, reason: 'expired', since: expiresAt, changedSinceBundle: false });
      expect(Date.parse(r.live.checkedAt)).to.be.at.least(Date.parse(expiresAt));
    });

    it('lets a failed proof decide first: a tampered bundle of a revoked certificate is proof-failed, not revoked', async function () {
      const taken = await issuedWithBundle();
      await api.ok('taizhou-registrar', 'POST', `/certificates/${taken.cert.id}/revoke`, { reason: 'court order' });
      const tampered = JSON.parse(JSON.stringify(taken.bundle)) as { credentialSubject: Record<string, unknown> };
      tampered.credentialSubject.fingerprint = '0'.repeat(64);
      const r = await verify(tampered);
      expect(r).to.include({ valid: false, proofValid: false, reason: 'proof-failed', failedCheck: 'credential-subject' });
      expect(r.live).to.include({ status: 'revoked' });
    });
  });

  it('publishes the certificate, recognition and verification routes in the OpenAPI document, verification as public', async function () {
    const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    for (const path of ['/api/v1/certificates', '/api/v1/certificates/{id}/changes', '/api/v1/certificates/{id}/renew', '/api/v1/agreements/{id}/approve', '/api/v1/recognitions', '/api/v1/verify']) {
      expect(doc.paths, path).to.have.property(path);
    }
    expect(doc.paths['/api/v1/verification/{queryCode}']!.get!.security).to.deep.equal([]);
    expect(doc.paths['/api/v1/certificates/{id}/verification']!.get!.security).to.deep.equal([]);
    expect(doc.paths['/api/v1/certificates/{id}/bundle']!.get!.security).to.equal(undefined);
  });

  it('publishes the verdict in the OpenAPI document: valid, proofValid and one closed enum of reasons wherever a certificate is verified', async function () {
    type Schema = { required?: string[]; properties: Record<string, { enum?: string[]; description?: string }> };
    const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as { components: { schemas: Record<string, Schema> } };
    const bundleAnswer = doc.components.schemas['BundleVerification']!;
    expect(bundleAnswer.required).to.include.members(['valid', 'proofValid', 'checks']);
    expect(bundleAnswer.properties['valid']!.description).to.match(/holds now/);
    expect(bundleAnswer.properties['reason']!.enum).to.deep.equal([...VERDICT_REASONS]);
    expect(doc.components.schemas['Verification']!.properties['reason']!.enum).to.deep.equal([...VERDICT_REASONS]);
    expect(VERDICT_REASONS).to.include.members(['proof-failed', 'revoked', 'cancelled', 'expired', 'not-issued', 'not-found']);
  });
});
