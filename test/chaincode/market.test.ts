/**
 * Market: listing → 议价 → delivery → confirmation → settlement with revenue distribution, the
 * dispute and its encumbrance, anti-resale, and who can read the confidential prices — all
 * through the real chaincode on the embedded network.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { issueCertificate } from '../support/certificates';
import { commitTogether, prepare } from '../support/flow';
import { freeLicenceBody, usageBody } from '../support/grant-bodies';
import { EXCHANGE, listingBody, submitSecret } from '../support/market';
import { startTestNetwork, type TestNetwork } from '../support/test-network';
import { DATA_GROUP, ENTERPRISE_A, ENTERPRISE_B, YANCHENG, application, expectRefusal, fingerprint } from './certificate-flows';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Market contract', function () {
  this.timeout(300_000);
  let net: TestNetwork;

  before(async () => {
    net = await startTestNetwork();
  });

  after(async () => {
    await net?.close();
  });

  /** Submits with a confidential value and its salt in transient data; the parsed answer. */
  async function secret(as: string, fn: string, args: string[], value: object, salt: Buffer): Promise<Json> {
    return submitSecret(net, as, fn, args, value, salt);
  }

  async function list(as: string, assetId: string, overrides: Record<string, unknown> = {}): Promise<Json> {
    return (await net.submit(as, 'Market:CreateListing', listingBody(assetId, overrides))).result;
  }

  async function offer(as: string, listingId: string, price: number, salt = randomBytes(16)): Promise<Json> {
    return secret(as, 'Market:PlaceOrder', [JSON.stringify({ listingId })], { price }, salt);
  }

  /** enterprise-a lists a fresh certificate; enterprise-b's offer is accepted and the data delivered. */
  async function deliveredOrder(): Promise<{ cert: Json; listing: Json; order: Json; salt: Buffer; price: number }> {
    const cert = await issueCertificate(net);
    const listing = await list('enterprise-a', cert.id);
    const salt = randomBytes(16);
    const price = 4_000_000;
    const order = await offer('enterprise-b', listing.id, price, salt);
    await net.submit('enterprise-a', 'Market:Accept', order.id);
    await net.submit('enterprise-a', 'Market:Deliver', order.id, JSON.stringify({ deliverableHash: fingerprint() }));
    return { cert, listing, order, salt, price };
  }

  describe('the full flow with three payees', () => {
    let upstreamGrant: Json;
    let product: Json;
    let listing: Json;
    let orderId: string;
    let counterSalt: Buffer;
    let settled: Json;

    before(async () => {
      // enterprise-a's source dataset, licensed to enterprise-b with a 15 % revenue share (数据来源者权益)
      const source = await issueCertificate(net);
      upstreamGrant = (await net.submit('enterprise-a', 'Grant:Create', JSON.stringify(freeLicenceBody(source.id, { revenueShareBps: 1500 })))).result;
      // enterprise-b's derived product registered at Yancheng under that grant
      product = await issueCertificate(net, {
        applicant: 'enterprise-b',
        registrar: 'yancheng-registrar',
        body: JSON.parse(
          application({
            registry: YANCHENG,
            assetType: 'product',
            parents: [source.id],
            rights: ['holding', 'processing', 'operating'].map((type) => ({ type, holder: ENTERPRISE_B })),
          }),
        ),
      });
    });

    it('lists (上架) at the exchange by the operating-right holder, with the asking price public and endorsed by the exchange and the issuing registry', async () => {
      listing = await list('enterprise-b', product.id);
      expect(listing).to.include({ status: 'open', certificateId: product.id, exchange: EXCHANGE, seller: ENTERPRISE_B, askingPriceFen: 5_000_000, exchangeFeeBps: 200 });
      expect(listing.endorsingOrgs).to.deep.equal([EXCHANGE, YANCHENG]);
      expect(listing.id).to.match(/^LST-/);
    });

    it('keeps one open listing per certificate and exchange', async () => {
      await expectRefusal(list('enterprise-b', product.id), 'CONFLICT', /already has the open listing/);
    });

    it('records the offer as a commitment beside the asking price, the counter likewise, and agrees on the counter when the buyer accepts', async () => {
      const order = await offer('data-group', listing.id, 4_500_000);
      orderId = order.id;
      expect(order).to.include({ status: 'offered', askingPriceFen: 5_000_000, buyer: DATA_GROUP, seller: ENTERPRISE_B });
      expect(order.offer.holders).to.deep.equal([EXCHANGE, 'JiangsuRegulatorMSP', 'TaizhouRegistryMSP', YANCHENG]);
      expect(JSON.stringify(order)).not.to.contain('4500000');
      counterSalt = randomBytes(16);
      const countered = await secret('enterprise-b', 'Market:Counter', [orderId], { price: 4_800_000 }, counterSalt);
      expect(countered.status).to.equal('countered');
      const agreed = (await net.submit('data-group', 'Market:Accept', orderId)).result;
      expect(agreed).to.include({ status: 'agreed' });
      expect(agreed.agreed).to.include({ from: 'counter', commitment: countered.counter.commitment });
    });

    it('delivers with the deliverable hash and the buyer confirms', async () => {
      const hash = fingerprint();
      expect((await net.submit('enterprise-b', 'Market:Deliver', orderId, JSON.stringify({ deliverableHash: hash }))).result.delivery.deliverableHash).to.equal(hash);
      expect((await net.submit('data-group', 'Market:Confirm', orderId)).result.status).to.equal('confirmed');
    });

    it('lets the exchange read the agreed price and salt from its own peer, and settles (结算) among the exchange fee, the upstream grantor and the seller, exact in fen', async () => {
      const terms = await net.evaluate('exchange-operator', 'Market:Terms', orderId);
      expect(terms.counter.value).to.deep.equal({ price: 4_800_000 });
      expect(terms.counter.salt).to.equal(counterSalt.toString('hex'));
      // disclosure is the parties' choice: without the seller's consent the exchange may not publish the price
      await net.submit('data-group', 'Market:ConsentToDisclosure', orderId);
      await expectRefusal(
        secret('exchange-operator', 'Market:Settle', [orderId, JSON.stringify({ disclosePrice: true })], { price: 4_800_000 }, counterSalt),
        'POLICY_VIOLATION',
        /disclosed only with both parties' consent/,
      );
      await net.submit('enterprise-b', 'Market:ConsentToDisclosure', orderId);
      settled = await secret('exchange-operator', 'Market:Settle', [orderId, JSON.stringify({ disclosePrice: true })], { price: 4_800_000 }, counterSalt);
      expect(settled.order.status).to.equal('settled');
      expect(settled.settlement.payouts).to.deep.equal([
        { payee: EXCHANGE, kind: 'exchange_fee', bps: 200, fen: 96_000 },
        { payee: ENTERPRISE_A, kind: 'upstream', bps: 1500, fen: 720_000, grantId: upstreamGrant.id },
        { payee: ENTERPRISE_B, kind: 'seller', bps: 8300, fen: 3_984_000 },
      ]);
      const read = await net.evaluate('regulator', 'Market:Terms', orderId);
      expect(read.amounts.value.settledFen).to.equal(4_800_000);
    });

    it('writes one price record per settled trade under its category and month', async () => {
      const month = (settled.settlement.settledAt as string).slice(0, 7);
      const records = await net.evaluate('auditor', 'Market:PriceRecords', product.category, month, month);
      expect(records.records.map((r: Json) => r.orderId)).to.include(orderId);
      expect(records.records.find((r: Json) => r.orderId === orderId)).to.include({ disclosed: true, priceFen: 4_800_000 });
    });

    it('gives the buyer a metered licence it can use, never the operating right', async () => {
      const grant = await net.evaluate('auditor', 'Grant:Get', settled.settlement.grantId);
      expect(grant).to.include({ type: 'licence', grantee: DATA_GROUP, grantor: ENTERPRISE_B, assetId: product.id, maxUses: 3, effectiveStatus: 'active' });
      expect(grant.rights).to.deep.equal(['processing']);
      const use = await net.submit('data-group', 'Grant:RecordUsage', grant.id, JSON.stringify(usageBody('credit-scoring', 10)));
      expect(use.result).to.include({ sequence: 1, usesRemaining: 2 });
    });

    it('refuses the buyer listing what it only has use of (防范非法二次交易)', async () => {
      await expectRefusal(list('data-group', product.id), 'FORBIDDEN', /only the holder of the right/);
    });

    it('refuses a second settlement of the same order', async () => {
      await expectRefusal(secret('exchange-operator', 'Market:Settle', [orderId, '{}'], { price: 4_800_000 }, counterSalt), 'CONFLICT');
    });

    it('keeps the prices from an organisation not involved: Huai\'an holds no copy', async () => {
      await expectRefusal(net.evaluate('huaian-registrar', 'Market:Terms', orderId), 'FORBIDDEN', /holds no copy/);
      await expectRefusal(net.evaluate('bank-officer', 'Market:Terms', orderId), 'FORBIDDEN', /holds no copy/);
    });
  });

  describe('illegal moves', () => {
    it('answers CONFLICT for every move out of turn', async () => {
      const cert = await issueCertificate(net);
      const listing = await list('enterprise-a', cert.id);
      const salt = randomBytes(16);
      const order = await offer('enterprise-b', listing.id, 1_000, salt);
      const hash = JSON.stringify({ deliverableHash: fingerprint() });
      await expectRefusal(net.submit('enterprise-a', 'Market:Deliver', order.id, hash), 'CONFLICT', /in status offered/);
      await expectRefusal(net.submit('enterprise-b', 'Market:Confirm', order.id), 'CONFLICT');
      await expectRefusal(net.submit('enterprise-b', 'Market:Accept', order.id), 'CONFLICT', /counter-offer/);
      await expectRefusal(net.submit('enterprise-a', 'Market:Dispute', order.id, JSON.stringify({ reason: 'x', evidenceHash: fingerprint() })), 'CONFLICT');
      await expectRefusal(net.submit('exchange-operator', 'Market:Resolve', order.id, JSON.stringify({ outcome: 'release' })), 'CONFLICT');
      await expectRefusal(secret('exchange-operator', 'Market:Settle', [order.id, '{}'], { price: 1_000 }, salt), 'CONFLICT');
      await net.submit('enterprise-a', 'Market:Accept', order.id);
      await expectRefusal(net.submit('enterprise-a', 'Market:Accept', order.id), 'CONFLICT');
      await expectRefusal(secret('enterprise-a', 'Market:Counter', [order.id], { price: 2_000 }, randomBytes(16)), 'CONFLICT');
      await expectRefusal(net.submit('enterprise-b', 'Market:Confirm', order.id), 'CONFLICT');
      await net.submit('enterprise-a', 'Market:Deliver', order.id, hash);
      await expectRefusal(net.submit('enterprise-a', 'Market:Deliver', order.id, hash), 'CONFLICT');
      await expectRefusal(secret('exchange-operator', 'Market:Settle', [order.id, '{}'], { price: 1_000 }, salt), 'CONFLICT', /in status delivered/);
      await net.submit('enterprise-a', 'Market:WithdrawListing', listing.id, '{}');
      await expectRefusal(net.submit('enterprise-a', 'Market:WithdrawListing', listing.id, '{}'), 'CONFLICT', /already withdrawn/);
      await expectRefusal(offer('data-group', listing.id, 500), 'CONFLICT', /withdrawn/);
    });

    it('refuses the wrong party with FORBIDDEN and a price in the arguments with INVALID_REQUEST', async () => {
      const cert = await issueCertificate(net);
      const listing = await list('enterprise-a', cert.id);
      const order = await offer('enterprise-b', listing.id, 1_000);
      await expectRefusal(net.submit('enterprise-b', 'Market:Accept', order.id), 'CONFLICT');
      await expectRefusal(net.submit('data-group', 'Market:Accept', order.id), 'FORBIDDEN');
      await expectRefusal(net.submit('enterprise-b', 'Market:Deliver', order.id, JSON.stringify({ deliverableHash: fingerprint() })), 'FORBIDDEN');
      await expectRefusal(net.submit('taizhou-registrar', 'Market:CreateListing', listingBody(cert.id)), 'FORBIDDEN');
      await expectRefusal(net.submit('enterprise-b', 'Market:PlaceOrder', JSON.stringify({ listingId: listing.id, price: 100 })), 'INVALID_REQUEST', /confidential/);
      await expectRefusal(offer('enterprise-a', listing.id, 1_000), 'POLICY_VIOLATION', /cannot buy from itself/);
      await expectRefusal(net.submit('enterprise-a', 'Market:CreateListing', listingBody(cert.id, { exchange: 'JiangsuBankMSP' })), 'INVALID_REQUEST', /not an exchange/);
    });

    it('refuses a settlement whose price does not open the agreed commitment', async () => {
      const { order, salt, price } = await deliveredOrder();
      await net.submit('enterprise-b', 'Market:Confirm', order.id);
      await expectRefusal(secret('exchange-operator', 'Market:Settle', [order.id, '{}'], { price: price - 1 }, salt), 'INVALID_REQUEST', /do not open the agreed commitment/);
      await expectRefusal(secret('bank-officer', 'Market:Settle', [order.id, '{}'], { price }, salt), 'FORBIDDEN');
    });
  });

  describe('dispute (争议)', () => {
    it('invalidates an order committed in the same block as a dispute on the certificate (phantom read of its encumbrances)', async () => {
      const { listing, order } = await deliveredOrder();
      const dispute = await prepare(net, 'enterprise-b', ['Market:Dispute', order.id, JSON.stringify({ reason: 'late', evidenceHash: fingerprint() })], [EXCHANGE, 'TaizhouRegistryMSP']);
      const racing = await prepare(net, 'data-group', ['Market:PlaceOrder', JSON.stringify({ listingId: listing.id })], [EXCHANGE, 'JiangsuRegulatorMSP', 'TaizhouRegistryMSP'], {
        'dal.confidential': Buffer.from('{"price":7}'),
        'dal.salt': randomBytes(16),
      });
      expect((await commitTogether(net, [dispute, racing])).codes).to.deep.equal(['VALID', 'PHANTOM_READ_CONFLICT']);
    });

    it('blocks listing, transfer, change and new orders while open; resolution lifts only it, a judicial freeze stays and holds the settlement until lifted', async () => {
      const { cert, listing, order, salt, price } = await deliveredOrder();
      const disputed = (await net.submit('enterprise-b', 'Market:Dispute', order.id, JSON.stringify({ reason: 'rows missing', evidenceHash: fingerprint() }))).result;
      expect(disputed.status).to.equal('disputed');
      const encumbranceId = disputed.dispute.encumbranceId;
      await expectRefusal(offer('data-group', listing.id, 100), 'CONFLICT', /blocked by the dispute/);
      await net.submit('enterprise-a', 'Market:WithdrawListing', listing.id, '{}');
      await expectRefusal(list('enterprise-a', cert.id), 'CONFLICT', /a listing .* blocked by the dispute/);
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right: 'operating', to: DATA_GROUP })), 'CONFLICT', /dispute/);
      await expectRefusal(net.submit('taizhou-registrar', 'Certificate:Change', cert.id, JSON.stringify({ name: 'renamed', reason: 'x' })), 'CONFLICT', /dispute/);
      expect((await net.evaluate('auditor', 'Certificate:Verification', cert.id)).encumbrances.map((e: Json) => e.kind)).to.deep.equal(['dispute']);
      const freeze = (await net.submit('regulator', 'Certificate:Freeze', cert.id, JSON.stringify({ court: 'Taizhou Intermediate Court', reference: '(2026)苏12执1号' }))).result;
      await expectRefusal(net.submit('enterprise-a', 'Market:Resolve', order.id, JSON.stringify({ outcome: 'release' })), 'FORBIDDEN');
      const resolved = await secret('exchange-operator', 'Market:Resolve', [order.id, JSON.stringify({ outcome: 'partial', comment: 'half the rows' })], { price, refundFen: 1_000_000 }, salt);
      expect(resolved.status).to.equal('resolved');
      const encumbrances = (await net.evaluate('auditor', 'Certificate:Verification', cert.id)).encumbrances;
      expect(encumbrances.map((e: Json) => e.kind)).to.deep.equal(['judicial_freeze']);
      await expectRefusal(list('enterprise-a', cert.id), 'CONFLICT', new RegExp(`judicial_freeze ${freeze.id as string}`));
      expect(encumbranceId).to.match(/^ENC-/);
      // settlement licenses the buyer, and a judicial freeze blocks new grants: it waits for the freeze to be lifted
      await expectRefusal(secret('exchange-operator', 'Market:Settle', [order.id, '{}'], { price, refundFen: 1_000_000 }, salt), 'CONFLICT', /new grant .* judicial_freeze/);
      await net.submit('regulator', 'Certificate:Unfreeze', cert.id, freeze.id, JSON.stringify({ reference: '(2026)苏12执1号之一' }));
      const settled = await secret('exchange-operator', 'Market:Settle', [order.id, '{}'], { price, refundFen: 1_000_000 }, salt);
      expect(settled.settlement.disclosed).to.equal(false);
      expect(settled.settlement).not.to.have.property('payouts');
      const terms = await net.evaluate('enterprise-a', 'Market:Terms', order.id);
      expect(terms.amounts.value.settledFen).to.equal(3_000_000);
      expect((await list('enterprise-a', cert.id)).status).to.equal('open');
    });

    it('ends the order on a refund, lifting the dispute', async () => {
      const { cert, order, salt, price } = await deliveredOrder();
      await net.submit('enterprise-a', 'Market:Dispute', order.id, JSON.stringify({ reason: 'buyer unresponsive', evidenceHash: fingerprint() }));
      const refunded = (await net.submit('exchange-operator', 'Market:Resolve', order.id, JSON.stringify({ outcome: 'refund' }))).result;
      expect(refunded.status).to.equal('refunded');
      expect((await net.evaluate('auditor', 'Certificate:Verification', cert.id)).encumbrances).to.deep.equal([]);
      await expectRefusal(secret('exchange-operator', 'Market:Settle', [order.id, '{}'], { price }, salt), 'CONFLICT');
    });
  });

  describe('key-level endorsement', () => {
    it('invalidates a listing or order change not endorsed by both the exchange and the issuing registry', async () => {
      const { listing, order } = await deliveredOrder();
      const withdraw = await prepare(net, 'enterprise-a', ['Market:WithdrawListing', listing.id, '{}'], ['TaizhouRegistryMSP', 'HuaianRegistryMSP']);
      const confirm = await prepare(net, 'enterprise-b', ['Market:Confirm', order.id], [EXCHANGE, YANCHENG]);
      expect((await commitTogether(net, [withdraw, confirm])).codes).to.deep.equal(['ENDORSEMENT_POLICY_FAILURE', 'ENDORSEMENT_POLICY_FAILURE']);
      expect((await net.evaluate('auditor', 'Market:GetListing', listing.id)).status).to.equal('open');
      expect((await net.evaluate('auditor', 'Market:GetOrder', order.id)).status).to.equal('delivered');
    });
  });

  describe('who keeps the prices', () => {
    it("keeps a copy on the seller's own organisation's peer when the rights have moved to another city's enterprise", async () => {
      const cert = await issueCertificate(net);
      for (const right of ['processing', 'operating']) {
        await net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right, to: ENTERPRISE_B }));
      }
      const listing = await list('enterprise-b', cert.id);
      const order = await offer('data-group', listing.id, 777);
      expect(order.offer.holders).to.deep.equal([EXCHANGE, 'JiangsuRegulatorMSP', 'TaizhouRegistryMSP', YANCHENG]);
      expect((await net.evaluate('enterprise-b', 'Market:Terms', order.id)).offer.value).to.deep.equal({ price: 777 });
    });
  });

  describe('listing rules', () => {
    it('refuses a certificate that is not issued, and a seller who lacks the processing right the licence conveys', async () => {
      const applied = (await net.submit('enterprise-a', 'Certificate:Apply', application())).result;
      await expectRefusal(list('enterprise-a', applied.id), 'CONFLICT', /applied/);
      const split = await issueCertificate(net, {
        body: JSON.parse(application({ rights: [{ type: 'holding', holder: ENTERPRISE_A }, { type: 'processing', holder: DATA_GROUP }, { type: 'operating', holder: ENTERPRISE_A }] })),
      });
      await expectRefusal(list('enterprise-a', split.id), 'POLICY_VIOLATION', /processing right/);
    });

    it('commits three concurrent orders on one listing in one block, all valid: no order writes a key another one reads', async () => {
      const cert = await issueCertificate(net);
      const listing = await list('enterprise-a', cert.id);
      const orgs = { 'enterprise-b': [EXCHANGE, 'JiangsuRegulatorMSP', 'TaizhouRegistryMSP', YANCHENG], 'data-group': [EXCHANGE, 'JiangsuRegulatorMSP', 'TaizhouRegistryMSP'] };
      const place = (as: 'enterprise-b' | 'data-group', price: number): ReturnType<typeof prepare> =>
        prepare(net, as, ['Market:PlaceOrder', JSON.stringify({ listingId: listing.id })], orgs[as], {
          'dal.confidential': Buffer.from(JSON.stringify({ price })),
          'dal.salt': randomBytes(16),
        });
      const prepared = [await place('enterprise-b', 10), await place('data-group', 11), await place('enterprise-b', 12)];
      const { codes, blockNumbers } = await commitTogether(net, prepared);
      expect(codes).to.deep.equal(['VALID', 'VALID', 'VALID']);
      expect(new Set(blockNumbers).size, 'all three in one block').to.equal(1);
      expect((await net.evaluate('auditor', 'Market:GetListing', listing.id)).status).to.equal('open');
      const page = await net.evaluate('auditor', 'Market:ListListings', JSON.stringify({ certificateId: cert.id }), '10', '');
      expect(page.items.map((l: Json) => l.id)).to.deep.equal([listing.id]);
    });
  });

  describe('a listing whose seller lost the rights', () => {
    it('takes no new order once the operating right has moved to another entity', async () => {
      const cert = await issueCertificate(net);
      const listing = await list('enterprise-a', cert.id);
      await net.submit('taizhou-registrar', 'Certificate:TransferRight', cert.id, JSON.stringify({ right: 'operating', to: DATA_GROUP }));
      await expectRefusal(offer('enterprise-b', listing.id, 1_000_000), 'POLICY_VIOLATION', /no longer holds the operating and processing rights/);
    });
  });

  describe('the regulator\'s rules, checked in the same transactions', () => {
    it('refuses to list an asset whose category or fingerprint is on the negative list, and lists it once the entry is lifted', async () => {
      const cert = await issueCertificate(net);
      const entry = (await net.submit('regulator', 'Regulation:AddNegativeListEntry', JSON.stringify({ fingerprint: cert.fingerprint, level: 'prohibited', reason: 'unlawful collection' }))).result;
      await expectRefusal(list('enterprise-a', cert.id), 'POLICY_VIOLATION', /negative list/);
      await net.submit('regulator', 'Regulation:LiftNegativeListEntry', entry.id, JSON.stringify({ reason: 'cleared' }));
      expect((await list('enterprise-a', cert.id)).status).to.equal('open');
    });

    it('lists an important-grade asset only under an approved filing in force', async () => {
      const cert = await issueCertificate(net, { body: { grade: 'important' } });
      await expectRefusal(list('enterprise-a', cert.id), 'POLICY_VIOLATION', /filing/);
      const filing = (await net.submit('enterprise-a', 'Regulation:File', JSON.stringify({ certificateId: cert.id, purpose: 'credit scoring sale', termDays: 30 }))).result;
      await net.submit('regulator', 'Regulation:ApproveFiling', filing.id, '{}');
      expect((await list('enterprise-a', cert.id)).status).to.equal('open');
    });

    it('refuses an order from a buyer the regulator flagged dishonest (失信), and takes it once the flag is cleared', async () => {
      const cert = await issueCertificate(net);
      const listing = await list('enterprise-a', cert.id);
      await net.submit('regulator', 'Regulation:SetCredit', ENTERPRISE_B, JSON.stringify({ status: 'dishonest', reason: 'contract fraud' }));
      try {
        await expectRefusal(offer('enterprise-b', listing.id, 1_000_000), 'POLICY_VIOLATION', /dishonest/);
      } finally {
        await net.submit('regulator', 'Regulation:SetCredit', ENTERPRISE_B, JSON.stringify({ status: 'normal', reason: 'rehabilitated' }));
      }
      expect((await offer('enterprise-b', listing.id, 1_000_000)).status).to.equal('offered');
    });
  });
});
