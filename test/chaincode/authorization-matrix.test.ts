/**
 * Tries every certificate, recognition, grant, regulation, market, pledge and consortium write as every demo identity and
 * asserts exactly who may. Each attempt is simulated by evaluate (endorsement without
 * ordering), so one prepared record serves all fifteen identities. Then every query a route
 * of the gateway declares, the same way: who may read what.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startTestNetwork, type TestNetwork } from '../support/test-network';
import type { LedgerIdentity } from '../../gateway/src/ledger/ledger';
import { ALL_IDENTITIES, DATA_GROUP, ENTERPRISE_A, HUAIAN, PERSON_1, SHANGHAI, TAIZHOU, YANCHENG, application, fingerprint } from './certificate-flows';
import { issueCertificate, submitAtTime } from '../support/certificates';
import { signerOf } from '../support/flow';
import { freeLicenceBody } from '../support/grant-bodies';
import { declaredRoutes } from '../gateway/support/route-transactions';

const BANK = 'JiangsuBankMSP';
/** 321202: a district of Taizhou (321200), so Taizhou's registry vouches for it. */
const TAIZHOU_DISTRICT_ENTERPRISE = '91321202MA4KLM567B';
/** 310115: Pudong, inside Shanghai (310000). */
const SHANGHAI_ENTERPRISE = '91310115MA1XYA2348';
const PERSON_2 = `np:320800:${'ab'.repeat(32)}`;

/**
 * Identities a CA could issue that the demo set lacks: an entity code claimed under an
 * organisation whose jurisdiction does not cover it, and lawful ones at the edges of the rule.
 */
const EXTRA: Record<string, { mspId: string; role: string; entity: string }> = {
  'bank-as-enterprise-a': { mspId: BANK, role: 'holder', entity: ENTERPRISE_A },
  'yancheng-as-enterprise-a': { mspId: YANCHENG, role: 'holder', entity: ENTERPRISE_A },
  'yancheng-as-data-group': { mspId: YANCHENG, role: 'operator', entity: DATA_GROUP },
  'taizhou-district-enterprise': { mspId: TAIZHOU, role: 'holder', entity: TAIZHOU_DISTRICT_ENTERPRISE },
  'shanghai-enterprise': { mspId: SHANGHAI, role: 'holder', entity: SHANGHAI_ENTERPRISE },
  'huaian-person': { mspId: HUAIAN, role: 'holder', entity: PERSON_2 },
  // Shanghai's CA putting a Taizhou person's entity into a certificate: it cannot vouch for them.
  'shanghai-as-person-1': { mspId: SHANGHAI, role: 'holder', entity: PERSON_1 },
};

type Outcome = 'ok' | string;

/** enterprise-a licenses the processing right of its certificate to enterprise-b. */
function licence(assetId: string): string {
  return JSON.stringify(freeLicenceBody(assetId));
}

function outcomeOf(e: unknown): Outcome {
  const m = /\b(INVALID_REQUEST|FORBIDDEN|NOT_FOUND|CONFLICT|POLICY_VIOLATION):/.exec((e as Error).message);
  return m?.[1] ?? (e as Error).message;
}

async function outcomes(net: TestNetwork, fn: string, args: () => string[]): Promise<Record<string, Outcome>> {
  const out: Record<string, Outcome> = {};
  for (const who of ALL_IDENTITIES) {
    try {
      await net.evaluate(who, fn, ...args());
      out[who] = 'ok';
    } catch (e) {
      out[who] = outcomeOf(e);
    }
  }
  return out;
}

/** The same for the EXTRA identities; `args` gets the caller's MSP and entity. */
async function extraOutcomes(
  extra: Record<string, LedgerIdentity>,
  net: TestNetwork,
  fn: string,
  args: (who: { mspId: string; entity: string }) => string[],
): Promise<Record<string, Outcome>> {
  const out: Record<string, Outcome> = {};
  for (const [name, identity] of Object.entries(extra)) {
    try {
      await net.ledger.evaluate(identity, fn, args(EXTRA[name]!));
      out[name] = 'ok';
    } catch (e) {
      out[name] = outcomeOf(e);
    }
  }
  return out;
}

/** Transient data carrying a confidential price and its salt, as the market's priced steps take it. */
function priced(value: Record<string, number>, salt: Buffer): Record<string, Uint8Array> {
  return { 'dal.confidential': Buffer.from(JSON.stringify(value)), 'dal.salt': salt };
}

/** `outcomes` for a transaction that takes transient data. */
async function outcomesWith(net: TestNetwork, fn: string, args: string[], transient: Record<string, Uint8Array>): Promise<Record<string, Outcome>> {
  const out: Record<string, Outcome> = {};
  for (const who of ALL_IDENTITIES) {
    try {
      await net.ledger.evaluate(net.identities[who]!, fn, args, { transient });
      out[who] = 'ok';
    } catch (e) {
      out[who] = outcomeOf(e);
    }
  }
  return out;
}

/** Everyone not allowed and not listed in `others` must be refused FORBIDDEN. */
function expected(allowed: readonly string[], others: Record<string, string> = {}): Record<string, Outcome> {
  return Object.fromEntries(ALL_IDENTITIES.map((who) => [who, allowed.includes(who) ? 'ok' : (others[who] ?? 'FORBIDDEN')]));
}

describe('authorization matrix: who may write what', function () {
  this.timeout(180_000);
  let net: TestNetwork;
  let applied: string;
  let publicizing: string;
  let objectionId: string;
  let issued: { id: string };
  let personal: { id: string };
  let pendingAgreement: string;
  let grantId: string;
  let frozenCertificate: string;
  let freezeId: string;
  let negativeListEntry: string;
  let filing: string;
  const extra: Record<string, LedgerIdentity> = {};

  before(async () => {
    net = await startTestNetwork();
    for (const [name, d] of Object.entries(EXTRA)) {
      extra[name] = await net.ledger.enroll({ mspId: d.mspId, enrollmentId: name, attributes: { 'dal.role': d.role, 'dal.entity': d.entity } });
    }
    applied = (await net.submit('enterprise-a', 'Certificate:Apply', application())).result.id;
    const second = (await net.submit('enterprise-a', 'Certificate:Apply', application())).result.id;
    publicizing = (await net.submit('taizhou-registrar', 'Certificate:Review', second, JSON.stringify({ decision: 'approve', publicityDays: 7 }))).result.id;
    objectionId = (await net.submit('enterprise-b', 'Certificate:RaiseObjection', publicizing, JSON.stringify({ reason: 'ours' }))).result.id;
    issued = await issueCertificate(net);
    personal = await issueCertificate(net, { applicant: 'person-1', body: { rights: [{ type: 'holding', holder: PERSON_1 }] } });
    const proposed = await net.submit('yancheng-registrar', 'Recognition:ProposeAgreement', JSON.stringify({
      counterparty: TAIZHOU, scope: { assetTypes: ['resource'], grades: ['general'] }, validFrom: '2020-01-01T00:00:00Z', validTo: '2099-01-01T00:00:00Z',
    }));
    pendingAgreement = proposed.result.id;
    grantId = (await net.submit('enterprise-a', 'Grant:Create', licence(issued.id))).result.id;
    frozenCertificate = (await issueCertificate(net)).id;
    freezeId = (await net.submit('regulator', 'Certificate:Freeze', frozenCertificate, JSON.stringify({ court: 'court', reference: 'order-1' }))).result.id;
    negativeListEntry = (await net.submit('regulator', 'Regulation:AddNegativeListEntry', JSON.stringify({ fingerprint: fingerprint(), level: 'restricted', reason: 'r' }))).result.id;
    filing = (await net.submit('enterprise-a', 'Regulation:File', JSON.stringify({ certificateId: issued.id, purpose: 'research sale', termDays: 30 }))).result.id;
  });

  after(async () => {
    await net?.close();
  });

  it('lets the entities named in the rights apply at their own registry: enterprise-a, data-group, person-1', async () => {
    const body = (): string => application({
      rights: [
        { type: 'holding', holder: ENTERPRISE_A },
        { type: 'processing', holder: DATA_GROUP },
        { type: 'operating', holder: PERSON_1 },
      ],
    });
    expect(await outcomes(net, 'Certificate:Apply', () => [body()])).to.deep.equal(expected(['enterprise-a', 'data-group', 'person-1']));
  });

  it('lets an entity apply only through a registry whose jurisdiction covers its code (np: persons by their city code too)', async () => {
    const own = (who: { mspId: string; entity: string }): string[] => [
      application({ registry: who.mspId, rights: [{ type: 'holding', holder: who.entity }] }),
    ];
    expect(await extraOutcomes(extra, net, 'Certificate:Apply', own)).to.deep.equal({
      'bank-as-enterprise-a': 'FORBIDDEN',
      'yancheng-as-enterprise-a': 'FORBIDDEN',
      'yancheng-as-data-group': 'FORBIDDEN',
      'taizhou-district-enterprise': 'ok',
      'shanghai-enterprise': 'ok',
      'huaian-person': 'ok',
      'shanghai-as-person-1': 'FORBIDDEN',
    });
    // At Taizhou, the registry the claimed code belongs to: only Taizhou-enrolled identities.
    const atTaizhou = (who: { mspId: string; entity: string }): string[] => [
      application({ registry: TAIZHOU, rights: [{ type: 'holding', holder: who.entity }] }),
    ];
    expect(await extraOutcomes(extra, net, 'Certificate:Apply', atTaizhou)).to.deep.equal({
      'bank-as-enterprise-a': 'FORBIDDEN',
      'yancheng-as-enterprise-a': 'FORBIDDEN',
      'yancheng-as-data-group': 'FORBIDDEN',
      'taizhou-district-enterprise': 'ok',
      'shanghai-enterprise': 'FORBIDDEN',
      'huaian-person': 'FORBIDDEN',
      'shanghai-as-person-1': 'FORBIDDEN',
    });
  });

  it('lets only the Taizhou registrar start review, review, and resolve objections at Taizhou', async () => {
    expect(await outcomes(net, 'Certificate:StartReview', () => [applied])).to.deep.equal(expected(['taizhou-registrar']));
    expect(await outcomes(net, 'Certificate:Review', () => [applied, JSON.stringify({ decision: 'approve' })])).to.deep.equal(expected(['taizhou-registrar']));
    expect(await outcomes(net, 'Certificate:ResolveObjection', () => [publicizing, objectionId, JSON.stringify({ upheld: false })])).to.deep.equal(
      expected(['taizhou-registrar']),
    );
  });

  it('lets every consortium member raise an objection during publicity', async () => {
    expect(await outcomes(net, 'Certificate:RaiseObjection', () => [publicizing, JSON.stringify({ reason: 'mine' })])).to.deep.equal(expected([...ALL_IDENTITIES]));
  });

  it('lets only the Taizhou registrar record an objection on behalf of someone outside the consortium at Taizhou (公示 board)', async () => {
    const requester = { 'dal.confidential': Buffer.from(JSON.stringify({ contact: 'someone@example.cn' })), 'dal.salt': Buffer.alloc(32, 7) };
    expect(await outcomesWith(net, 'Certificate:RaiseObjection', [publicizing, JSON.stringify({ reason: 'theirs', onBehalf: true })], requester)).to.deep.equal(
      expected(['taizhou-registrar']),
    );
  });

  it('lets every registrar back-fill its own registry’s 公示 index, and nobody else; anyone reads the public board, every enrolled member the members’ one', async () => {
    expect(await outcomes(net, 'Publicity:Backfill', () => ['10'])).to.deep.equal(
      expected(['taizhou-registrar', 'yancheng-registrar', 'huaian-registrar', 'shanghai-registrar']),
    );
    expect(await outcomes(net, 'Publicity:Board', () => ['{}', '10', ''])).to.deep.equal(expected([...ALL_IDENTITIES]));
    expect(await outcomes(net, 'Publicity:MembersBoard', () => ['{}', '10', ''])).to.deep.equal(expected([...ALL_IDENTITIES]));
  });

  it('lets only the Taizhou registrar issue, change, transfer and renew a Taizhou certificate', async () => {
    // Issue is tried on the publicizing record: the registrar gets past authorization and is
    // stopped by publicity (CONFLICT), everyone else by FORBIDDEN.
    expect(await outcomes(net, 'Certificate:Issue', () => [publicizing])).to.deep.equal(expected([], { 'taizhou-registrar': 'CONFLICT' }));
    expect(await outcomes(net, 'Certificate:Change', () => [issued.id, JSON.stringify({ name: 'n', reason: 'r' })])).to.deep.equal(expected(['taizhou-registrar']));
    expect(await outcomes(net, 'Certificate:TransferRight', () => [issued.id, JSON.stringify({ right: 'operating', to: DATA_GROUP })])).to.deep.equal(
      expected(['taizhou-registrar']),
    );
    // Renewal opens only in the last 90 days of the term; ledger time here is the issue day, so the
    // registrar gets past authorization and is stopped by the window (CONFLICT), everyone else by FORBIDDEN.
    expect(await outcomes(net, 'Certificate:Renew', () => [issued.id])).to.deep.equal(expected([], { 'taizhou-registrar': 'CONFLICT' }));
  });

  it('lets only the appraiser file evidence', async () => {
    expect(await outcomes(net, 'Certificate:AddEvidence', () => [issued.id, JSON.stringify({ kind: 'quality', reportHash: fingerprint() })])).to.deep.equal(
      expected(['appraiser']),
    );
  });

  it('lets only the holder cancel, and only the issuing registrar or the regulator revoke', async () => {
    expect(await outcomes(net, 'Certificate:Cancel', () => [issued.id, JSON.stringify({ reason: 'r' })])).to.deep.equal(expected(['enterprise-a']));
    expect(await outcomes(net, 'Certificate:Revoke', () => [issued.id, JSON.stringify({ reason: 'r' })])).to.deep.equal(expected(['taizhou-registrar', 'regulator']));
  });

  it('lets only the regulator freeze (司法冻结) and unfreeze a certificate', async () => {
    expect(await outcomes(net, 'Certificate:Freeze', () => [issued.id, JSON.stringify({ court: 'court', reference: 'order-2' })])).to.deep.equal(expected(['regulator']));
    expect(await outcomes(net, 'Certificate:Unfreeze', () => [frozenCertificate, freezeId, JSON.stringify({ reference: 'order-1-lift' })])).to.deep.equal(
      expected(['regulator']),
    );
  });

  it('lets only the regulator keep the negative list, decide filings and set credit flags, and only the right holder file', async () => {
    const entry = (): string => JSON.stringify({ fingerprint: fingerprint(), level: 'prohibited', reason: 'r' });
    expect(await outcomes(net, 'Regulation:AddNegativeListEntry', () => [entry()])).to.deep.equal(expected(['regulator']));
    expect(await outcomes(net, 'Regulation:LiftNegativeListEntry', () => [negativeListEntry, JSON.stringify({ reason: 'r' })])).to.deep.equal(expected(['regulator']));
    const file = (): string => JSON.stringify({ certificateId: issued.id, purpose: 'p', termDays: 30 });
    expect(await outcomes(net, 'Regulation:File', () => [file()])).to.deep.equal(expected(['enterprise-a']));
    expect(await outcomes(net, 'Regulation:ApproveFiling', () => [filing, '{}'])).to.deep.equal(expected(['regulator']));
    expect(await outcomes(net, 'Regulation:RejectFiling', () => [filing, JSON.stringify({ reason: 'r' })])).to.deep.equal(expected(['regulator']));
    const credit = JSON.stringify({ status: 'dishonest', reason: 'r' });
    expect(await outcomes(net, 'Regulation:SetCredit', () => [ENTERPRISE_A, credit])).to.deep.equal(expected(['regulator']));
  });

  it('refuses a filing to identities claiming the holder’s code under a CA that cannot vouch for it', async () => {
    const file = (): string[] => [JSON.stringify({ certificateId: issued.id, purpose: 'p', termDays: 30 })];
    expect(await extraOutcomes(extra, net, 'Regulation:File', file)).to.deep.equal(Object.fromEntries(Object.keys(EXTRA).map((n) => [n, 'FORBIDDEN'])));
  });

  it('refuses to cancel for an identity that claims the holder’s code under a CA that cannot vouch for it', async () => {
    expect(await extraOutcomes(extra, net, 'Certificate:Cancel', () => [issued.id, JSON.stringify({ reason: 'r' })])).to.deep.equal({
      'bank-as-enterprise-a': 'FORBIDDEN',
      'yancheng-as-enterprise-a': 'FORBIDDEN',
      'yancheng-as-data-group': 'FORBIDDEN',
      'taizhou-district-enterprise': 'FORBIDDEN',
      'shanghai-enterprise': 'FORBIDDEN',
      'huaian-person': 'FORBIDDEN',
      'shanghai-as-person-1': 'FORBIDDEN',
    });
    // Nothing else of theirs gets through either: they are plain holders.
    expect(await extraOutcomes(extra, net, 'Certificate:Revoke', () => [issued.id, JSON.stringify({ reason: 'r' })])).to.deep.equal(
      Object.fromEntries(Object.keys(EXTRA).map((n) => [n, 'FORBIDDEN'])),
    );
  });

  it('binds a natural person to the registry that enrolled them: another registry’s CA cannot apply or cancel as person-1', async () => {
    const impostor = { 'shanghai-as-person-1': extra['shanghai-as-person-1']! };
    const apply = async (registry: string): Promise<Record<string, Outcome>> =>
      extraOutcomes(impostor, net, 'Certificate:Apply', () => [application({ registry, rights: [{ type: 'holding', holder: PERSON_1 }] })]);
    expect(await apply(SHANGHAI)).to.deep.equal({ 'shanghai-as-person-1': 'FORBIDDEN' });
    expect(await apply(TAIZHOU)).to.deep.equal({ 'shanghai-as-person-1': 'FORBIDDEN' });
    expect(await extraOutcomes(impostor, net, 'Certificate:Cancel', () => [personal.id, JSON.stringify({ reason: 'r' })])).to.deep.equal({
      'shanghai-as-person-1': 'FORBIDDEN',
    });
    // person-1, enrolled at Taizhou, still applies and cancels there.
    expect(await outcomes(net, 'Certificate:Cancel', () => [personal.id, JSON.stringify({ reason: 'r' })])).to.deep.equal(expected(['person-1']));
    await net.evaluate('person-1', 'Certificate:Apply', application({ rights: [{ type: 'holding', holder: PERSON_1 }] }));
    // The former np:<hash> form (no city code) is no entity at all: not as a caller, not as a holder.
    const oldForm = PERSON_1.replace(/^np:\d{6}:/, 'np:');
    const legacy = await net.ledger.enroll({ mspId: TAIZHOU, enrollmentId: 'legacy-person', attributes: { 'dal.role': 'holder', 'dal.entity': oldForm } });
    let refusal = '';
    await net.ledger.evaluate(legacy, 'Certificate:Apply', [application()]).catch((e: Error) => (refusal = e.message));
    expect(refusal).to.match(/FORBIDDEN: the caller has no valid dal\.entity/);
    let invalid = '';
    await net.evaluate('enterprise-a', 'Certificate:Apply', application({ rights: [{ type: 'holding', holder: ENTERPRISE_A }, { type: 'operating', holder: oldForm }] })).catch((e: Error) => (invalid = e.message));
    expect(invalid).to.match(/INVALID_REQUEST: rights\[1\]\.holder/);
  });

  it('lets any registrar propose an agreement, but only the counterparty approve and only the parties terminate', async () => {
    const body = (): string => JSON.stringify({ counterparty: TAIZHOU, scope: { assetTypes: ['resource'], grades: ['general'] }, validFrom: '2020-01-01T00:00:00Z', validTo: '2099-01-01T00:00:00Z' });
    expect(await outcomes(net, 'Recognition:ProposeAgreement', () => [body()])).to.deep.equal(
      expected(['yancheng-registrar', 'huaian-registrar', 'shanghai-registrar'], { 'taizhou-registrar': 'INVALID_REQUEST' }),
    );
    expect(await outcomes(net, 'Recognition:ApproveAgreement', () => [pendingAgreement])).to.deep.equal(expected(['taizhou-registrar']));
    expect(await outcomes(net, 'Recognition:TerminateAgreement', () => [pendingAgreement, ''])).to.deep.equal(expected(['taizhou-registrar', 'yancheng-registrar']));
  });

  it('lets only a registrar with a covering agreement recognise a certificate', async () => {
    await net.submit('taizhou-registrar', 'Recognition:ApproveAgreement', pendingAgreement);
    expect(await outcomes(net, 'Recognition:Recognise', () => [JSON.stringify({ certificateId: issued.id })])).to.deep.equal(
      expected(['yancheng-registrar'], { 'taizhou-registrar': 'CONFLICT', 'huaian-registrar': 'POLICY_VIOLATION', 'shanghai-registrar': 'POLICY_VIOLATION' }),
    );
  });

  it('lets only the right holder grant, only the grantor suspend, resume or revoke, and only the grantee record a use', async () => {
    expect(await outcomes(net, 'Grant:Create', () => [licence(issued.id)])).to.deep.equal(expected(['enterprise-a']));
    expect(await outcomes(net, 'Grant:Suspend', () => [grantId, ''])).to.deep.equal(expected(['enterprise-a']));
    // Resume: the grantor gets past authorization and is stopped because the grant is not suspended.
    expect(await outcomes(net, 'Grant:Resume', () => [grantId, ''])).to.deep.equal(expected([], { 'enterprise-a': 'CONFLICT' }));
    expect(await outcomes(net, 'Grant:Revoke', () => [grantId, ''])).to.deep.equal(expected(['enterprise-a']));
    const use = JSON.stringify({ purpose: 'credit-scoring', quantity: 1 });
    expect(await outcomes(net, 'Grant:RecordUsage', () => [grantId, use])).to.deep.equal(expected(['enterprise-b']));
  });

  it('refuses every grant write to identities claiming the grantor’s or grantee’s code under a CA that cannot vouch for it', async () => {
    const forbidden = Object.fromEntries(Object.keys(EXTRA).map((n) => [n, 'FORBIDDEN']));
    expect(await extraOutcomes(extra, net, 'Grant:Create', () => [licence(issued.id)])).to.deep.equal(forbidden);
    expect(await extraOutcomes(extra, net, 'Grant:Revoke', () => [grantId, ''])).to.deep.equal(forbidden);
    expect(await extraOutcomes(extra, net, 'Grant:RecordUsage', () => [grantId, JSON.stringify({ purpose: 'credit-scoring', quantity: 1 })])).to.deep.equal(forbidden);
  });

  it('lets only the regulator organisation’s admin change the consortium definition', async () => {
    const file = JSON.parse(readFileSync(join(REPO_ROOT, 'network', 'consortium.json'), 'utf8')) as { organizations: { publicityDays?: number }[] };
    const changed = { ...file, organizations: file.organizations.map((o) => (o.publicityDays ? { ...o, publicityDays: 15 } : o)) };
    expect(await outcomes(net, 'Consortium:Init', () => [JSON.stringify(changed)])).to.deep.equal(expected(['consortium-admin']));
    // The identical definition is answered from state without a write, whoever asks.
    expect(await outcomes(net, 'Consortium:Init', () => [JSON.stringify(file)])).to.deep.equal(expected([...ALL_IDENTITIES]));
  });

  describe('market writes', () => {
    const salt = Buffer.alloc(16, 7);
    const price = { price: 1_000 };
    let listingId: string;
    let listable: string;
    const orders: Record<'offered' | 'agreed' | 'delivered' | 'confirmed' | 'disputed', string> = { offered: '', agreed: '', delivered: '', confirmed: '', disputed: '' };

    before(async () => {
      const cert = await issueCertificate(net);
      listable = (await issueCertificate(net)).id;
      const terms = { purposes: ['credit-scoring'], termDays: 30, deliveryMethod: 'api' };
      listingId = (await net.submit('enterprise-a', 'Market:CreateListing', JSON.stringify({ assetId: cert.id, exchange: 'JiangsuExchangeMSP', askingPriceFen: 2_000, terms }))).result.id;
      // the disputed order is on a certificate of its own: its dispute blocks new orders on that certificate
      const disputedCert = await issueCertificate(net);
      const other = (await net.submit('enterprise-a', 'Market:CreateListing', JSON.stringify({ assetId: disputedCert.id, exchange: 'JiangsuExchangeMSP', askingPriceFen: 2_000, terms }))).result.id;
      const place = async (on: string): Promise<string> => {
        const r = await net.ledger.submit(net.identities['enterprise-b']!, 'Market:PlaceOrder', [JSON.stringify({ listingId: on })], { transient: priced(price, salt) });
        return (JSON.parse(Buffer.from(r.payload).toString('utf8')) as { id: string }).id;
      };
      for (const key of ['offered', 'agreed', 'delivered', 'confirmed'] as const) orders[key] = await place(listingId);
      orders.disputed = await place(other);
      for (const key of ['agreed', 'delivered', 'confirmed', 'disputed'] as const) await net.submit('enterprise-a', 'Market:Accept', orders[key]);
      for (const key of ['delivered', 'confirmed'] as const) await net.submit('enterprise-a', 'Market:Deliver', orders[key], JSON.stringify({ deliverableHash: fingerprint() }));
      await net.submit('enterprise-b', 'Market:Confirm', orders.confirmed);
      await net.submit('enterprise-b', 'Market:Dispute', orders.disputed, JSON.stringify({ reason: 'late', evidenceHash: fingerprint() }));
    });

    it('lets only the operating-right holder list and withdraw', async () => {
      const body = JSON.stringify({ assetId: listable, exchange: 'JiangsuExchangeMSP', askingPriceFen: 1, terms: { purposes: ['x'], termDays: 1, deliveryMethod: 'file' } });
      expect(await outcomes(net, 'Market:CreateListing', () => [body])).to.deep.equal(expected(['enterprise-a']));
      expect(await outcomes(net, 'Market:WithdrawListing', () => [listingId, '{}'])).to.deep.equal(expected(['enterprise-a']));
    });

    it('lets any vouched holder or operator entity but the seller offer', async () => {
      expect(await outcomesWith(net, 'Market:PlaceOrder', [JSON.stringify({ listingId })], priced(price, salt))).to.deep.equal(
        expected(['enterprise-b', 'data-group', 'person-1'], { 'enterprise-a': 'POLICY_VIOLATION' }),
      );
    });

    it('lets only the seller counter, accept an offer and deliver, and only the buyer confirm; either party dispute', async () => {
      expect(await outcomesWith(net, 'Market:Counter', [orders.offered], priced(price, salt))).to.deep.equal(expected(['enterprise-a']));
      expect(await outcomes(net, 'Market:Accept', () => [orders.offered])).to.deep.equal(expected(['enterprise-a'], { 'enterprise-b': 'CONFLICT' }));
      expect(await outcomes(net, 'Market:Deliver', () => [orders.agreed, JSON.stringify({ deliverableHash: fingerprint() })])).to.deep.equal(expected(['enterprise-a']));
      expect(await outcomes(net, 'Market:Confirm', () => [orders.delivered])).to.deep.equal(expected(['enterprise-b']));
      expect(await outcomes(net, 'Market:ConsentToDisclosure', () => [orders.confirmed])).to.deep.equal(expected(['enterprise-a', 'enterprise-b']));
      expect(await outcomes(net, 'Market:Dispute', () => [orders.agreed, JSON.stringify({ reason: 'r', evidenceHash: fingerprint() })])).to.deep.equal(
        expected(['enterprise-a', 'enterprise-b']),
      );
    });

    it("lets only the exchange's operator resolve and settle", async () => {
      expect(await outcomes(net, 'Market:Resolve', () => [orders.disputed, JSON.stringify({ outcome: 'release' })])).to.deep.equal(expected(['exchange-operator']));
      expect(await outcomesWith(net, 'Market:Settle', [orders.confirmed, '{}'], priced(price, salt))).to.deep.equal(expected(['exchange-operator']));
    });
  });

  describe('pledge writes', () => {
    const pledgeTerms = (): Record<string, Uint8Array> => priced({ amount: 1_000_000 }, Buffer.alloc(16, 9));
    let pledgeable: string;
    let pending: string;
    let active: string;
    let overdue: string;

    const requestPledge = async (certificateId: string, termDays: number, at?: Date): Promise<string> => {
      const args = [JSON.stringify({ certificateId, pledgee: BANK, termDays })];
      const submit = (): ReturnType<TestNetwork['ledger']['network']['submit']> =>
        signerOf(net, 'enterprise-a').then((signer) => net.ledger.network.submit(signer, ['Pledge:Request', ...args], { transient: pledgeTerms(), ...(at ? { timestamp: at } : {}) }));
      const r = at ? await net.clock.at(at, submit) : await submit();
      return (JSON.parse(Buffer.from(r.payload).toString('utf8')) as { id: string }).id;
    };

    before(async () => {
      pledgeable = (await issueCertificate(net)).id;
      pending = await requestPledge((await issueCertificate(net)).id, 90);
      active = await requestPledge((await issueCertificate(net)).id, 90);
      await net.submit('bank-officer', 'Pledge:Accept', active);
      // accepted 100 days ago for 30 days: in default now
      const past = new Date(Date.now() - 100 * 86_400_000);
      const old = await issueCertificate(net, { at: past });
      overdue = await requestPledge(old.id, 30, new Date(past.getTime() + 10_000));
      await submitAtTime(net, new Date(past.getTime() + 11_000), 'bank-officer', 'Pledge:Accept', overdue);
    });

    it('lets only the principal holder request a pledge, and no identity claiming its code under a CA that cannot vouch for it', async () => {
      const body = (): string[] => [JSON.stringify({ certificateId: pledgeable, pledgee: BANK, termDays: 90 })];
      expect(await outcomesWith(net, 'Pledge:Request', body(), pledgeTerms())).to.deep.equal(expected(['enterprise-a']));
      const forbidden = Object.fromEntries(Object.keys(EXTRA).map((n) => [n, 'FORBIDDEN']));
      const out: Record<string, Outcome> = {};
      for (const [name, identity] of Object.entries(extra)) {
        try {
          await net.ledger.evaluate(identity, 'Pledge:Request', body(), { transient: pledgeTerms() });
          out[name] = 'ok';
        } catch (e) {
          out[name] = outcomeOf(e);
        }
      }
      expect(out).to.deep.equal(forbidden);
    });

    it('lets only the pledgee bank’s officer accept or decline, and only the pledgor withdraw, a pending pledge', async () => {
      expect(await outcomes(net, 'Pledge:Accept', () => [pending])).to.deep.equal(expected(['bank-officer']));
      expect(await outcomes(net, 'Pledge:Decline', () => [pending, '{}'])).to.deep.equal(expected(['bank-officer']));
      expect(await outcomes(net, 'Pledge:Withdraw', () => [pending, '{}'])).to.deep.equal(expected(['enterprise-a']));
      expect(await extraOutcomes(extra, net, 'Pledge:Withdraw', () => [pending, '{}'])).to.deep.equal(Object.fromEntries(Object.keys(EXTRA).map((n) => [n, 'FORBIDDEN'])));
    });

    it('lets only the pledgee bank’s officer release, consent to a listing, and enforce after default', async () => {
      expect(await outcomes(net, 'Pledge:Release', () => [active, '{}'])).to.deep.equal(expected(['bank-officer']));
      expect(await outcomes(net, 'Pledge:ConsentToListing', () => [active, JSON.stringify({ exchange: 'JiangsuExchangeMSP' })])).to.deep.equal(expected(['bank-officer']));
      const enforcement = JSON.stringify({ transferTo: DATA_GROUP, reason: 'default' });
      expect(await outcomes(net, 'Pledge:Enforce', () => [overdue, enforcement])).to.deep.equal(expected(['bank-officer']));
      // the same bank, before default: past authorization, stopped by the term
      expect(await outcomes(net, 'Pledge:Enforce', () => [active, enforcement])).to.deep.equal(expected([], { 'bank-officer': 'CONFLICT' }));
    });
  });

  describe('reads: every query a gateway route declares, as every identity', () => {
    const salt = Buffer.alloc(16, 9);
    let listingId: string;
    let orderId: string;
    let usedGrant: string;
    let valued: string;
    let pledgeId: string;
    /** Who may read what is not open to every member; everything else is `expected(ALL_IDENTITIES)`. */
    // enterprise-a (Taizhou) grants to enterprise-b (Yancheng): both registries answer for a party.
    const GRANT_PARTIES = ['enterprise-a', 'enterprise-b', 'taizhou-registrar', 'yancheng-registrar', 'regulator', 'auditor'];
    const SUPERVISORS = ['regulator', 'auditor'];
    const PLEDGE_PARTIES = ['enterprise-a', 'taizhou-registrar', 'bank-officer', ...SUPERVISORS];
    // enterprise-a sells at the exchange, enterprise-b buys; the certificate is Taizhou's
    const ORDER_PARTIES = ['enterprise-a', 'enterprise-b', 'exchange-operator', 'taizhou-registrar', ...SUPERVISORS];
    const reads = (): Record<string, { args: string[]; expected: Record<string, Outcome> }> => {
      const all = expected([...ALL_IDENTITIES]);
      const month = new Date().toISOString().slice(0, 7);
      return {
        'Certificate:Get': { args: [issued.id], expected: all },
        'Certificate:History': { args: [issued.id], expected: all },
        'Certificate:List': { args: [JSON.stringify({ registry: TAIZHOU }), '10', ''], expected: all },
        'Certificate:Valuation': { args: [valued, '0'], expected: expected(['taizhou-registrar', 'enterprise-a', 'appraiser', 'regulator', 'auditor']) },
        'Grant:Check': { args: [issued.id, ENTERPRISE_A, 'credit-scoring'], expected: all },
        'Grant:Get': { args: [usedGrant], expected: all },
        'Grant:List': { args: [JSON.stringify({ assetId: issued.id }), '10', ''], expected: all },
        // 可控可计量: who used which data, how often and for what is the parties' business (rules/read-access.ts).
        'Grant:ListUsages': { args: [usedGrant, '10', ''], expected: expected(GRANT_PARTIES) },
        'Grant:History': { args: [usedGrant], expected: expected(GRANT_PARTIES) },
        'Market:GetListing': { args: [listingId], expected: all },
        'Market:ListListings': { args: [JSON.stringify({ exchange: 'JiangsuExchangeMSP' }), '10', ''], expected: all },
        // who negotiates for which data is the trading parties' business (rules/read-access.ts)
        'Market:GetOrder': { args: [orderId], expected: expected(ORDER_PARTIES) },
        'Market:Terms': { args: [orderId], expected: expected(['enterprise-a', 'enterprise-b', 'exchange-operator', 'regulator', 'auditor']) },
        'Market:Prices': { args: ['manufacturing', month, month, ''], expected: all },
        'Market:ExactPrices': { args: ['manufacturing', month, month], expected: expected(SUPERVISORS) },
        'Market:Disclosures': { args: ['manufacturing', month, '10', ''], expected: all },
        'Recognition:GetAgreement': { args: [pendingAgreement], expected: all },
        'Recognition:ListAgreements': { args: [TAIZHOU], expected: all },
        'Recognition:ListByCertificate': { args: [issued.id], expected: all },
        'Regulation:GetCredit': { args: [ENTERPRISE_A], expected: all },
        'Regulation:CreditHistory': { args: [ENTERPRISE_A], expected: all },
        'Regulation:GetFiling': { args: [filing], expected: all },
        'Regulation:ListFilings': { args: [issued.id, '10', ''], expected: all },
        'Regulation:ListNegativeList': { args: ['10', ''], expected: all },
        // the bank's dossier: the holder, a pledgee bank (none here) and the supervisors (rules/provenance.ts)
        'Certificate:Provenance': { args: [issued.id], expected: expected(['enterprise-a', ...SUPERVISORS]) },
        // the lifecycle: the holder, the issuing registry and the supervisors (rules/lifecycle.ts)
        'Certificate:LifecycleAccess': { args: [issued.id], expected: expected(['enterprise-a', 'taizhou-registrar', ...SUPERVISORS]) },
        // a pledge is its parties' business: pledgor, its registry, the pledgee bank, the supervisors
        'Pledge:Get': { args: [pledgeId], expected: expected(PLEDGE_PARTIES) },
        'Pledge:Terms': { args: [pledgeId], expected: expected(PLEDGE_PARTIES) },
        // each bank lists its own pledges
        'Pledge:List': { args: [JSON.stringify({ role: 'pledgee' }), '10', ''], expected: expected(['bank-officer', 'suzhou-bank-officer']) },
        'Publicity:Board': { args: ['{}', '10', ''], expected: all },
        'Publicity:MembersBoard': { args: ['{}', '10', ''], expected: all },
        // asked by /events before it streams an event about a grant, an order or a pledge: each record's own read rule
        'ReadAccess:MayRead': { args: ['grant', usedGrant], expected: expected(GRANT_PARTIES) },
      };
    };

    before(async () => {
      valued = (await issueCertificate(net)).id;
      const valuation = [valued, JSON.stringify({ kind: 'valuation', reportHash: fingerprint(), method: 'income' })];
      await net.ledger.submit(net.identities['appraiser']!, 'Certificate:AddEvidence', valuation, { transient: priced({ amount: 12_345_600 }, salt) });
      usedGrant = (await net.submit('enterprise-a', 'Grant:Create', licence(issued.id))).result.id;
      await net.submit('enterprise-b', 'Grant:RecordUsage', usedGrant, JSON.stringify({ purpose: 'credit-scoring', quantity: 1 }));
      const cert = await issueCertificate(net);
      const terms = { purposes: ['credit-scoring'], termDays: 30, deliveryMethod: 'api' };
      listingId = (await net.submit('enterprise-a', 'Market:CreateListing', JSON.stringify({ assetId: cert.id, exchange: 'JiangsuExchangeMSP', askingPriceFen: 2_000, terms }))).result.id;
      const placed = await net.ledger.submit(net.identities['enterprise-b']!, 'Market:PlaceOrder', [JSON.stringify({ listingId })], { transient: priced({ price: 1_000 }, salt) });
      orderId = (JSON.parse(Buffer.from(placed.payload).toString('utf8')) as { id: string }).id;
      const collateral = await issueCertificate(net);
      const pledged = await net.ledger.submit(net.identities['enterprise-a']!, 'Pledge:Request', [JSON.stringify({ certificateId: collateral.id, pledgee: BANK, termDays: 90 })], {
        transient: priced({ amount: 1_000_000 }, salt),
      });
      pledgeId = (JSON.parse(Buffer.from(pledged.payload).toString('utf8')) as { id: string }).id;
      await net.submit('bank-officer', 'Pledge:Accept', pledgeId);
    });

    it('covers every query the gateway routes declare', () => {
      const declared = declaredRoutes(net).flatMap((r) => (r.transaction?.kind === 'evaluate' ? [r.transaction.name] : []));
      expect([...new Set(declared)].sort()).to.deep.equal(Object.keys(reads()).sort());
    });

    for (const name of [
      'Certificate:Get', 'Certificate:History', 'Certificate:List', 'Certificate:Valuation',
      'Grant:Check', 'Grant:Get', 'Grant:List', 'Grant:ListUsages', 'Grant:History',
      'Market:GetListing', 'Market:ListListings', 'Market:GetOrder', 'Market:Terms', 'Market:Prices', 'Market:ExactPrices', 'Market:Disclosures',
      'Recognition:GetAgreement', 'Recognition:ListAgreements', 'Recognition:ListByCertificate',
      'Regulation:GetCredit', 'Regulation:CreditHistory', 'Regulation:GetFiling', 'Regulation:ListFilings', 'Regulation:ListNegativeList',
      'Certificate:Provenance', 'Certificate:LifecycleAccess', 'Pledge:Get', 'Pledge:Terms', 'Pledge:List', 'Publicity:Board', 'Publicity:MembersBoard',
      'ReadAccess:MayRead',
    ]) {
      it(`${name}: exactly the identities its rule names may read`, async () => {
        const { args, expected: want } = reads()[name]!;
        expect(await outcomes(net, name, () => args)).to.deep.equal(want);
      });
    }

    it('ReadAccess:MayRead answers for an order and a pledge exactly as Market:GetOrder and Pledge:Get do', async () => {
      expect(await outcomes(net, 'ReadAccess:MayRead', () => ['order', orderId])).to.deep.equal(expected(ORDER_PARTIES));
      expect(await outcomes(net, 'ReadAccess:MayRead', () => ['pledge', pledgeId])).to.deep.equal(expected(PLEDGE_PARTIES));
    });

    it("refuses a grant's uses and history to identities that claim a party's code under a CA that cannot vouch for it", async () => {
      const forbidden = Object.fromEntries(Object.keys(EXTRA).map((n) => [n, 'FORBIDDEN']));
      expect(await extraOutcomes(extra, net, 'Grant:ListUsages', () => [usedGrant, '10', ''])).to.deep.equal(forbidden);
      expect(await extraOutcomes(extra, net, 'Grant:History', () => [usedGrant])).to.deep.equal(forbidden);
    });
  });
});
