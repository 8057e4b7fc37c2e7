/**
 * The HTTP scenario, written once and run against a gateway over each backend: the embedded
 * one in the normal suite (embedded-http.test.ts), real Fabric in the live leg
 * (test/fabric/http.live.ts). It is what a client sees of the whole stack: health, the caller's
 * identity, and every write route the gateway mounts — certificates from application to
 * cancellation and revocation, objections, mutual-recognition agreements and recognitions,
 * grants and their metered uses, the regulator's negative list, filings and credit flags, a trade from listing to settlement and a dispute, the traded asset's provenance dossier verified offline and at POST /verify, a pledge from request to release, and a certificate bundle verified against the channel's own
 * trust roots. Its last case compares the write routes it exercised with the gateway's OpenAPI
 * document, so a new write route that is not exercised here (and so may work on the embedded
 * ledger only) fails both legs.
 */
import { expect } from 'chai';
import { verifyDocument } from '../../network/src/proof/verify-document';
import { applicationBody } from './ledger-conformance';
import { loadConsortium } from '../../network/src/consortium';
import { ENTERPRISE_B, fingerprint, YANCHENG } from '../support/demo-parties';
import { licenceBody, usageBody } from '../support/grant-bodies';

/** A started gateway (a real Express app on a port) over one backend, with the demo API keys. */
export interface HttpTarget {
  /** `http://host:port` */
  readonly url: string;
  readonly backend: 'embedded' | 'fabric';
  /** The API key of a demo identity. */
  apiKey(name: string): string;
  close(): Promise<void>;
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

export function defineHttpScenario(name: string, open: () => Promise<HttpTarget>, options: { readonly settleTimeoutMs?: number } = {}): void {
  const holder = loadConsortium().demoIdentities.find((d) => d.name === 'enterprise-a');
  if (!holder?.entity) throw new Error('network/consortium.json has no demo identity enterprise-a with an entity');
  const settleTimeoutMs = options.settleTimeoutMs ?? 10_000;

  describe(`HTTP scenario: ${name}`, function () {
    let target: HttpTarget | undefined;
    let gw: HttpTarget;
    /** `POST /api/v1/certificates/{id}/review`: the write routes this scenario called, as the OpenAPI document names them. */
    const exercised = new Set<string>();
    before(async function () {
      target = await open();
      gw = target;
    });
    after(async () => target?.close());

    const call = async (method: string, path: string, as?: string, body?: string): Promise<{ status: number; body: Json }> => {
      const headers: Record<string, string> = {};
      if (as) headers.authorization = `Bearer ${gw.apiKey(as)}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${gw.url}${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    /** A write by route template (`/api/v1/grants/{id}/usages`) and its parameters; records the route as exercised. */
    const write = async (template: string, params: Record<string, string>, as: string | undefined, body?: unknown): Promise<{ status: number; body: Json }> => {
      exercised.add(`POST ${template}`);
      const path = template.replace(/\{(\w+)\}/g, (_, key: string) => {
        const value = params[key];
        if (value === undefined) throw new Error(`no value for {${key}} in ${template}`);
        return encodeURIComponent(value);
      });
      return call('POST', path, as, body === undefined ? undefined : JSON.stringify(body));
    };
    /** A write that must succeed with `status`; returns the body. */
    const ok = async (template: string, params: Record<string, string>, as: string | undefined, body?: unknown, status = 200): Promise<Json> => {
      const res = await write(template, params, as, body);
      expect(res.status, `${template}: ${JSON.stringify(res.body)}`).to.equal(status);
      return res.body;
    };
    /** Apply (enterprise-a at Taizhou) → approve with the given publicity → the reviewed record. */
    const applyAndApprove = async (publicityDays: number): Promise<Json> => {
      const applied = await ok('/api/v1/certificates', {}, 'enterprise-a', JSON.parse(applicationBody(holder.entity!, holder.mspId)), 201);
      expect(applied.status).to.equal('applied');
      const reviewed = await ok('/api/v1/certificates/{id}/review', { id: applied.applicationId }, 'taizhou-registrar', { decision: 'approve', publicityDays });
      expect(reviewed.status).to.equal('publicizing');
      return reviewed;
    };
    const issue = async (): Promise<Json> => {
      const reviewed = await applyAndApprove(0);
      const issued = await ok('/api/v1/certificates/{id}/issue', { id: reviewed.id }, 'taizhou-registrar');
      expect(issued).to.include({ id: reviewed.id, status: 'issued' });
      return issued;
    };
    /** The verification read model follows committed events, which reach it shortly after the commit. */
    const settledVerification = async (id: string, done: (body: Json) => boolean): Promise<Json> => {
      let verification = await call('GET', `/api/v1/certificates/${id}/verification`);
      for (const deadline = Date.now() + settleTimeoutMs; !done(verification.body) && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 100));
        verification = await call('GET', `/api/v1/certificates/${id}/verification`);
      }
      expect(verification.status).to.equal(200);
      return verification.body;
    };

    it('reports health publicly with its backend and a block height', async () => {
      const res = await call('GET', '/api/v1/health');
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ status: 'ok', backend: gw.backend });
      expect(res.body.height).to.be.greaterThan(0);
    });

    it('answers /me with the enrolled identity the API key maps to', async () => {
      const res = await call('GET', '/api/v1/me', 'enterprise-a');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ mspId: holder.mspId, enrollmentId: holder.enrollmentId, roles: holder.roles, entity: holder.entity });
    });

    it('takes a certificate from application through review and issue to a valid public verification', async () => {
      const issued = await issue();
      const verification = await settledVerification(issued.id, (b) => b?.valid === true);
      expect(verification).to.include({ id: issued.id, exists: true, valid: true, status: 'issued' });
      expect(verification).to.not.have.property('holder');
    });

    it('answers a transaction the chaincode refuses with the chaincode\'s code as problem+json', async () => {
      const res = await write('/api/v1/certificates/{id}/issue', { id: '321200-2026-999999' }, 'taizhou-registrar');
      expect(res.status).to.equal(404);
      expect(res.body).to.include({ status: 404, code: 'not_found', type: 'urn:dal:problem:not_found' });
      expect(res.body.detail).to.be.a('string').and.not.match(/^NOT_FOUND:/);
    });

    it('records evidence, a transfer of one right and a change as new versions, refuses an early renewal, then cancels at the holder\'s request', async () => {
      const { id } = await issue();
      const valued = await ok('/api/v1/certificates/{id}/evidence', { id }, 'appraiser', { kind: 'valuation', reportHash: fingerprint(), amount: 1_250_000_00, method: 'income' });
      expect(valued.evidence[0]).to.include({ kind: 'valuation' }).and.not.have.property('amount');
      expect(valued.evidence[0].valuation.holders).to.have.length(3);
      const transferred = await ok('/api/v1/certificates/{id}/transfer', { id }, 'taizhou-registrar', { right: 'operating', to: ENTERPRISE_B, reason: 'sold' });
      expect(transferred.version).to.equal(2);
      expect(transferred.rights).to.deep.include({ type: 'operating', holder: ENTERPRISE_B });
      const changed = await ok('/api/v1/certificates/{id}/changes', { id }, 'taizhou-registrar', { reason: 'renamed', name: 'Conformance dataset v2' });
      expect(changed).to.include({ version: 3, name: 'Conformance dataset v2' });
      // 续展 opens only in the last 90 days before expiresAt (ledger time): on the day of issue the chaincode refuses it.
      const renewal = await write('/api/v1/certificates/{id}/renew', { id }, 'taizhou-registrar');
      expect(renewal.status, JSON.stringify(renewal.body)).to.equal(409);
      expect(renewal.body.detail).to.match(/last 90 days/);
      const cancelled = await ok('/api/v1/certificates/{id}/cancel', { id }, 'enterprise-a', { reason: 'no longer offered' });
      expect(cancelled).to.include({ status: 'cancelled' });
    });

    it('revokes an issued certificate as the regulator, and public verification then says so', async () => {
      const { id } = await issue();
      const revoked = await ok('/api/v1/certificates/{id}/revoke', { id }, 'regulator', { reason: 'fraudulent application' });
      expect(revoked).to.include({ status: 'revoked' });
      const verification = await settledVerification(id, (b) => b?.status === 'revoked');
      expect(verification).to.include({ id, valid: false, status: 'revoked' });
    });

    it('freezes an issued certificate on a court order as the regulator: a transfer is refused while frozen, verification lists the freeze and stays valid, and the unfreeze lifts it', async () => {
      const { id } = await issue();
      const frozen = await ok('/api/v1/certificates/{id}/freezes', { id }, 'regulator', { court: '泰州市中级人民法院', reference: '(2026)苏12执保1号' }, 201);
      expect(frozen).to.include({ kind: 'judicial_freeze', status: 'active', certificateId: id });
      const transfer = await write('/api/v1/certificates/{id}/transfer', { id }, 'taizhou-registrar', { right: 'operating', to: ENTERPRISE_B });
      expect(transfer.status, JSON.stringify(transfer.body)).to.equal(409);
      expect(transfer.body.detail).to.contain('judicial_freeze').and.contain('(2026)苏12执保1号');
      const verification = await settledVerification(id, (b) => Array.isArray(b?.encumbrances) && b.encumbrances.length === 1);
      expect(verification).to.include({ valid: true, status: 'issued' });
      expect(verification.encumbrances).to.deep.equal([{ kind: 'judicial_freeze', since: frozen.since, reference: '(2026)苏12执保1号' }]);
      const lifted = await ok('/api/v1/certificates/{id}/freezes/{encumbranceId}/lift', { id, encumbranceId: frozen.id }, 'regulator', { reference: '(2026)苏12执保1号之一' });
      expect(lifted.status).to.equal('lifted');
    });

    it('rejects the certificate when the registrar upholds an objection raised during publicity', async () => {
      const reviewed = await applyAndApprove(10);
      const raised = await ok('/api/v1/certificates/{id}/objections', { id: reviewed.id }, 'enterprise-b', { reason: 'we collected this data', evidenceHash: fingerprint() }, 201);
      expect(raised).to.include({ status: 'open', certificateId: reviewed.id });
      const resolved = await ok('/api/v1/certificates/{id}/objections/{objectionId}/resolve', { id: reviewed.id, objectionId: raised.id }, 'taizhou-registrar', { upheld: true, comment: 'proven' });
      expect(resolved).to.include({ status: 'upheld', certificateStatus: 'rejected' });
    });

    it('lists an application in publicity on the public 公示 board, records an objection a registrar takes on someone’s behalf, and back-fills the board index', async () => {
      const reviewed = await applyAndApprove(10);
      const board = await call('GET', '/api/v1/publicity?registry=TaizhouRegistryMSP&limit=100');
      expect(board.status).to.equal(200);
      expect(board.body.items.map((e: Json) => e.certificateId)).to.include(reviewed.id);
      const raised = await ok('/api/v1/certificates/{id}/objections', { id: reviewed.id }, 'taizhou-registrar', { reason: 'a resident objects', onBehalfOf: { contact: 'resident@example.cn' } }, 201);
      expect(raised.onBehalfOf.contactHash).to.match(/^[0-9a-f]{64}$/);
      expect(raised.salt).to.match(/^[0-9a-f]{64}$/);
      const backfill = await ok('/api/v1/publicity/backfill', {}, 'taizhou-registrar', { limit: 10 });
      expect(backfill).to.include({ registry: 'TaizhouRegistryMSP', remaining: false });
    });

    it('proposes a mutual-recognition agreement, approves it as the counterparty, recognises a certificate under it and terminates it', async () => {
      const cert = await issue();
      const scope = { assetTypes: ['resource', 'element', 'product'], grades: ['general', 'important'] };
      const term = { validFrom: new Date(Date.now() - 60_000).toISOString(), validTo: new Date(Date.now() + 365 * 86_400_000).toISOString() };
      const proposed = await ok('/api/v1/agreements', {}, 'taizhou-registrar', { counterparty: YANCHENG, scope, ...term }, 201);
      expect(proposed.status).to.equal('pending');
      const approved = await ok('/api/v1/agreements/{id}/approve', { id: proposed.id }, 'yancheng-registrar');
      expect(approved.status).to.equal('active');
      const recognised = await ok('/api/v1/recognitions', {}, 'yancheng-registrar', { certificateId: cert.id }, 201);
      expect(recognised).to.include({ certificateId: cert.id });
      const terminated = await ok('/api/v1/agreements/{id}/terminate', { id: proposed.id }, 'yancheng-registrar', { reason: 'renegotiating' });
      expect(terminated.status).to.equal('terminated');
    });

    it('grants a licence, records a metered use as the grantee, suspends, resumes and revokes it as the grantor', async () => {
      const { id: assetId } = await issue();
      const grant = await ok('/api/v1/grants', {}, 'enterprise-a', licenceBody(assetId), 201);
      expect(grant).to.include({ assetId, grantee: ENTERPRISE_B, status: 'active' });
      const used = await ok('/api/v1/grants/{id}/usages', { id: grant.id }, 'enterprise-b', { ...usageBody('credit-scoring', 250), resultHash: fingerprint() }, 201);
      expect(used).to.include({ grantId: grant.id });
      expect((await ok('/api/v1/grants/{id}/suspend', { id: grant.id }, 'enterprise-a', { reason: 'audit pending' })).status).to.equal('suspended');
      expect((await ok('/api/v1/grants/{id}/resume', { id: grant.id }, 'enterprise-a', {})).status).to.equal('active');
      expect((await ok('/api/v1/grants/{id}/revoke', { id: grant.id }, 'enterprise-a', { reason: 'contract ended' })).status).to.equal('revoked');
    });

    it('lists a certificate\'s transactions in its lifecycle, each with the block and signer the ledger records for it', async () => {
      const reviewed = await applyAndApprove(0);
      const issued = await ok('/api/v1/certificates/{id}/issue', { id: reviewed.id }, 'taizhou-registrar');
      const grant = await ok('/api/v1/grants', {}, 'enterprise-a', licenceBody(issued.id), 201);
      const used = await ok('/api/v1/grants/{id}/usages', { id: grant.id }, 'enterprise-b', { ...usageBody('credit-scoring', 1), resultHash: fingerprint() }, 201);
      const writes = [reviewed, issued, grant, used] as { txId: string; blockNumber: number }[];
      // read after write: the gateway's read model has processed the last write's block before it answers
      const res = await fetch(`${gw.url}/api/v1/certificates/${issued.id}/lifecycle?uses=all&limit=500`, {
        headers: { authorization: `Bearer ${gw.apiKey('auditor')}`, 'x-min-block': String(used.blockNumber) },
      });
      expect(res.status).to.equal(200);
      const entries = ((await res.json()) as Json).items as Json[];
      for (const write of writes) {
        const entry = entries.find((e) => e.txId === write.txId);
        expect(entry, `lifecycle entry of ${write.txId}`).to.include({ blockNumber: write.blockNumber, validationCode: 'VALID' });
        const tx = (await call('GET', `/api/v1/transactions/${write.txId}`, 'auditor')).body;
        expect(entry).to.include({ txIndex: tx.txIndex, timestamp: tx.timestamp, function: tx.function });
        expect(entry.actor.mspId).to.equal(tx.creator.mspId);
        expect(tx.creator.id).to.include(`CN=${entry.actor.id}`);
      }
      expect(entries.map((e) => e.actor.id)).to.include.members(['enterprise-a', 'taizhou-registrar', 'enterprise-b']);
      expect(entries.map((e) => e.blockNumber)).to.deep.equal(entries.map((e) => e.blockNumber).sort((a, b) => a - b));
    });

    it('keeps the negative list, decides important-data filings and sets credit flags as the regulator, the holder filing', async () => {
      const entry = await ok('/api/v1/negative-list', {}, 'regulator', { fingerprint: fingerprint(), level: 'restricted', reason: 'under review' }, 201);
      expect(entry).to.include({ status: 'active', level: 'restricted' });
      expect((await ok('/api/v1/negative-list/{id}/lift', { id: entry.id }, 'regulator', { reason: 'cleared' })).status).to.equal('lifted');
      const cert = await issue();
      const filed = await ok('/api/v1/filings', {}, 'enterprise-a', { certificateId: cert.id, purpose: 'research sale', termDays: 30 }, 201);
      expect(filed).to.include({ status: 'filed', inForce: false });
      expect(await ok('/api/v1/filings/{id}/approve', { id: filed.id }, 'regulator', {})).to.include({ status: 'approved', inForce: true });
      const other = await ok('/api/v1/filings', {}, 'enterprise-a', { certificateId: cert.id, purpose: 'export', termDays: 30 }, 201);
      expect((await ok('/api/v1/filings/{id}/reject', { id: other.id }, 'regulator', { reason: 'recipient abroad' })).status).to.equal('rejected');
      expect((await ok('/api/v1/entities/{code}/credit', { code: ENTERPRISE_B }, 'regulator', { status: 'dishonest', reason: 'contract fraud' })).status).to.equal('dishonest');
      expect((await ok('/api/v1/entities/{code}/credit', { code: ENTERPRISE_B }, 'regulator', { status: 'normal', reason: 'rehabilitated' })).status).to.equal('normal');
    });

    it('trades: lists, offers, counters, accepts, delivers, confirms and settles; a second order is disputed and resolved; the listing is withdrawn', async () => {
      const { id: assetId } = await issue();
      const terms = { purposes: ['credit-scoring'], termDays: 30, deliveryMethod: 'api' };
      const listing = await ok('/api/v1/listings', {}, 'enterprise-a', { assetId, exchange: 'JiangsuExchangeMSP', askingPriceFen: 10_000, terms }, 201);
      const order = await ok('/api/v1/orders', {}, 'enterprise-b', { listingId: listing.id, offerPrice: 9_000 }, 201);
      const countered = await ok('/api/v1/orders/{id}/counter', { id: order.id }, 'enterprise-a', { price: 9_500 });
      expect((await ok('/api/v1/orders/{id}/accept', { id: order.id }, 'enterprise-b')).status).to.equal('agreed');
      await ok('/api/v1/orders/{id}/deliver', { id: order.id }, 'enterprise-a', { deliverableHash: fingerprint() });
      await ok('/api/v1/orders/{id}/confirm', { id: order.id }, 'enterprise-b');
      // the buyer alone consents to disclosure: the settlement below keeps the price confidential
      expect((await ok('/api/v1/orders/{id}/disclosure-consent', { id: order.id }, 'enterprise-b')).disclosureConsent).to.have.length(1);
      const settled = await ok('/api/v1/orders/{id}/settle', { id: order.id }, 'exchange-operator', { price: 9_500, salt: countered.salt });
      expect(settled.order.status).to.equal('settled');
      // the agreed price is private data of the parties' organisations, the exchange and the regulator: the bank's and Huai'an's peers hold no copy
      const parties = await call('GET', `/api/v1/orders/${encodeURIComponent(order.id as string)}/terms`, 'exchange-operator');
      expect(parties.status).to.equal(200);
      for (const outsider of ['bank-officer', 'huaian-registrar']) {
        const refused = await call('GET', `/api/v1/orders/${encodeURIComponent(order.id as string)}/terms`, outsider);
        expect(refused.status, outsider).to.equal(403);
        expect(JSON.stringify(refused.body)).not.to.include('9500');
      }
      const second = await ok('/api/v1/orders', {}, 'enterprise-b', { listingId: listing.id, offerPrice: 8_000 }, 201);
      await ok('/api/v1/orders/{id}/accept', { id: second.id }, 'enterprise-a');
      await ok('/api/v1/orders/{id}/dispute', { id: second.id }, 'enterprise-b', { reason: 'late', evidenceHash: fingerprint() });
      expect((await ok('/api/v1/orders/{id}/resolve', { id: second.id }, 'exchange-operator', { outcome: 'refund' })).status).to.equal('refunded');
      expect((await ok('/api/v1/listings/{id}/withdraw', { id: listing.id }, 'enterprise-a', {})).status).to.equal('withdrawn');

      // the traded asset's provenance for its holder; its dossier verifies offline against the channel's roots (whole blocks on Fabric) and at POST /verify
      const provenance = await call('GET', `/api/v1/certificates/${encodeURIComponent(assetId as string)}/provenance`, 'enterprise-a');
      expect(provenance.status, JSON.stringify(provenance.body)).to.equal(200);
      expect(provenance.body.facts.map((f: Json) => f.kind)).to.include.members(['certificate', 'listing', 'order', 'settlement', 'dispute']);
      expect((await call('GET', `/api/v1/certificates/${encodeURIComponent(assetId as string)}/provenance`, 'enterprise-b')).status).to.equal(403);
      const dossier = await call('GET', `/api/v1/certificates/${encodeURIComponent(assetId as string)}/provenance/dossier`, 'auditor');
      expect(dossier.status, JSON.stringify(dossier.body)).to.equal(200);
      const offline = await verifyDocument(dossier.body, { trust: (await call('GET', '/verify/trust.json')).body });
      expect(offline.checks.filter((c) => !c.ok)).to.deep.equal([]);
      const verdict = await ok('/api/v1/verify', {}, undefined, dossier.body);
      expect(verdict.checks.filter((c: { ok: boolean }) => !c.ok)).to.deep.equal([]);
      expect(verdict.valid).to.equal(true);
    });

    it('pledges (质押): a request withdrawn, one declined, one accepted — verification shows the pledgee, never the amount — consented for listing, not enforceable before default, released', async () => {
      const cert = await issue();
      const pledge = (bank = 'JiangsuBankMSP'): Promise<Json> => ok('/api/v1/pledges', {}, 'enterprise-a', { certificateId: cert.id, pledgee: bank, amount: 12_345_678, termDays: 365 }, 201);
      const withdrawn = await pledge();
      expect(withdrawn).to.include({ status: 'pending', pledgee: 'JiangsuBankMSP' });
      expect(withdrawn.salt).to.match(/^[0-9a-f]{64}$/);
      expect((await ok('/api/v1/pledges/{id}/withdraw', { id: withdrawn.id }, 'enterprise-a', {})).status).to.equal('withdrawn');
      const declined = await pledge('SuzhouBankMSP');
      expect((await ok('/api/v1/pledges/{id}/decline', { id: declined.id }, 'suzhou-bank-officer', { reason: 'outside our region' })).status).to.equal('declined');
      const active = await pledge();
      const second = await write('/api/v1/pledges', {}, 'enterprise-a', { certificateId: cert.id, pledgee: 'SuzhouBankMSP', amount: 1, termDays: 30 });
      expect(second.status, JSON.stringify(second.body)).to.equal(409);
      const accepted = await ok('/api/v1/pledges/{id}/accept', { id: active.id }, 'bank-officer');
      expect(accepted).to.include({ status: 'active', effectiveStatus: 'active' });
      const shown = await settledVerification(cert.id, (b) => b?.pledged === true);
      expect(shown.pledgee).to.include({ mspId: 'JiangsuBankMSP', since: accepted.acceptedAt });
      expect(JSON.stringify(shown)).not.to.include('12345678');
      // the amount is private data of Taizhou, the bank and the regulator: read on the bank's own peer, refused to the other bank
      expect((await call('GET', `/api/v1/pledges/${active.id as string}/terms`, 'bank-officer')).body).to.include({ amount: 12_345_678 });
      expect((await call('GET', `/api/v1/pledges/${active.id as string}/terms`, 'suzhou-bank-officer')).status).to.equal(403);
      expect((await ok('/api/v1/pledges/{id}/listing-consent', { id: active.id }, 'bank-officer', { exchange: 'JiangsuExchangeMSP' })).listingConsent).to.include({ exchange: 'JiangsuExchangeMSP' });
      const early = await write('/api/v1/pledges/{id}/enforce', { id: active.id }, 'bank-officer', { transferTo: ENTERPRISE_B, reason: 'default' });
      expect(early.status, JSON.stringify(early.body)).to.equal(409);
      expect((await ok('/api/v1/pledges/{id}/release', { id: active.id }, 'bank-officer', { reason: 'loan repaid' })).status).to.equal('released');
      expect((await settledVerification(cert.id, (b) => b?.pledged === false)).pledged).to.equal(false);
    });

    it('hands a member a certificate bundle that POST /verify finds valid, pinned to the channel\'s own trust roots', async () => {
      const cert = await issue();
      const bundle = await call('GET', `/api/v1/certificates/${cert.id}/bundle`, 'bank-officer');
      expect(bundle.status, JSON.stringify(bundle.body)).to.equal(200);
      const verdict = await ok('/api/v1/verify', {}, undefined, bundle.body);
      expect(verdict.checks.filter((c: { ok: boolean }) => !c.ok)).to.deep.equal([]);
      expect(verdict.valid).to.equal(true);
      expect(verdict.checks.find((c: { name: string }) => c.name === 'trust-anchors').detail).to.match(/pinned/);
      expect(verdict.facts).to.include({ certificateId: cert.id, txId: cert.txId, blockNumber: cert.blockNumber });
    });

    it('has exercised every write route of the gateway\'s OpenAPI document', async () => {
      const doc = await call('GET', '/api/openapi.json');
      expect(doc.status).to.equal(200);
      const writes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, ops]) => Object.keys(ops).filter((m) => WRITE_METHODS.has(m)).map((m) => `${m.toUpperCase()} ${path}`));
      expect(writes.length).to.be.greaterThan(0);
      expect(writes.filter((w) => !exercised.has(w)), 'write routes this scenario never calls').to.deep.equal([]);
    });
  });
}
