import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startGateway, type TestGateway } from '../gateway/support/start-gateway';
import { DAL_CHAINCODE } from '../support/test-network';
import { issueCertificateTx, type IssuedCertificate } from '../support/certificates';
import { buildBundleForTransaction, buildCertificateBundle } from '../../gateway/src/bundles/build-bundle';
import { commitTogether, prepare, TAIZHOU, YANCHENG } from '../support/flow';
import type { CertificateBundle } from '../../network/src/proof/certificate-bundle';
import { chromiumAvailable, launchChromium, CHROMIUM } from '../support/browser';
import { provenanceProduct } from '../support/provenance';
import { createProvenanceService, type ChaincodeProvenance } from '../../gateway/src/provenance/provenance-service';

describe('public verification page (browser)', function () {
  this.timeout(120_000);
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  let cert: IssuedCertificate;
  let bundle: CertificateBundle;

  before(async function () {
    if (!chromiumAvailable()) {
      // CI installs Debian chromium in .ci/run; elsewhere say why nothing ran instead of failing
      if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get`);
      console.log(`      (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`);
      this.skip();
    }
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    cert = await issueCertificateTx(gw.net);
    const orgs = gw.net.consortium.organizations;
    bundle = await buildCertificateBundle(gw.net.ledger, gw.net.identities['enterprise-a']!, cert.id, (m) => orgs.find((o) => o.mspId === m));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await gw?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage();
    await page.goto(`${gw.url}/verify`);
  });
  afterEach(async () => page?.close());

  const bundleOf = (id: string): Promise<CertificateBundle> => {
    const orgs = gw.net.consortium.organizations;
    return buildCertificateBundle(gw.net.ledger, gw.net.identities['enterprise-a']!, id, (m) => orgs.find((o) => o.mspId === m));
  };
  const verifyInPage = async (b: unknown): Promise<{ valid: string | null; reason: string | null; verdict: string; failed: string[]; passed: string[] }> => {
    await page.fill('#bundle-text', JSON.stringify(b));
    await page.click('#bundle-verify');
    await page.waitForSelector('#bundle-verdict[data-valid]');
    return {
      valid: await page.getAttribute('#bundle-verdict', 'data-valid'),
      reason: await page.getAttribute('#bundle-verdict', 'data-reason'),
      verdict: (await page.textContent('#bundle-verdict')) ?? '',
      failed: await page.$$eval('#bundle-checks li[data-ok="false"]', (els) => els.map((e) => e.getAttribute('data-check') ?? '')),
      passed: await page.$$eval('#bundle-checks li[data-ok="true"]', (els) => els.map((e) => e.getAttribute('data-check') ?? '')),
    };
  };

  it('verifies a certificate bundle inside the browser with every check passing', async function () {
    const r = await verifyInPage(bundle);
    expect(r.failed).to.deep.equal([]);
    expect(r.valid).to.equal('true');
    expect(r.verdict).to.match(/Valid certificate: the bundle is genuine and the certificate holds now/);
    expect(await page.$eval('#bundle-verdict', (e) => getComputedStyle(e).color)).to.equal('rgb(18, 107, 47)');
    expect(r.passed).to.include.members(['creator-signature', 'endorsements', 'state-write', 'block-inclusion', 'block-signature', 'committed-valid']);
    await page.waitForSelector('#live-current');
    expect(await page.getAttribute('#live-status', 'data-status')).to.equal('issued');
    expect(await page.getAttribute('#live-current', 'data-current')).to.equal('true');
  });

  it('says a genuine bundle of a certificate changed since it was made is out of date, while the certificate still holds', async function () {
    const later = await issueCertificateTx(gw.net);
    const taken = await bundleOf(later.id);
    await gw.net.submit('taizhou-registrar', 'Certificate:Change', later.id, JSON.stringify({ name: 'Renamed dataset', reason: 'holder request' }));
    const r = await verifyInPage(taken);
    expect(r.failed).to.deep.equal([]);
    expect(r.valid).to.equal('true');
    expect(r.verdict).to.contain('But this bundle is out of date (凭证已变更)');
    await page.waitForSelector('#live-current');
    expect(await page.getAttribute('#live-current', 'data-current')).to.equal('false');
  });

  it('verifies a provenance dossier inside the browser, and names fact-value when a fact was changed', async function () {
    const product = await provenanceProduct(gw.net);
    const raw = (await gw.net.evaluate('enterprise-a', 'Certificate:Provenance', product.productId)) as ChaincodeProvenance;
    const dossier = await createProvenanceService(gw.net.ledger).dossier(raw);
    const r = await verifyInPage(dossier);
    expect(r.failed).to.deep.equal([]);
    expect(r.valid).to.equal('true');
    expect(r.passed).to.include.members(['fact-write', 'fact-value', 'dossier-subject', 'block-inclusion', 'block-signature', 'committed-valid']);
    const tampered = JSON.parse(JSON.stringify(dossier)) as { credentialSubject: { facts: { kind: string; value: Record<string, unknown> }[] } };
    tampered.credentialSubject.facts.find((f) => f.kind === 'grant')!.value.purposes = ['anything'];
    await page.reload();
    const t = await verifyInPage(tampered);
    expect(t.valid).to.equal('false');
    expect(t.failed).to.deep.equal(['fact-value']);
  });

  it('names the failing check when a bundle was tampered with', async function () {
    const tampered = JSON.parse(JSON.stringify(bundle)) as { credentialSubject: Record<string, unknown> };
    tampered.credentialSubject.fingerprint = '0'.repeat(64);
    const r = await verifyInPage(tampered);
    expect(r.valid).to.equal('false');
    expect(r.reason).to.equal('proof-failed');
    expect(r.failed).to.deep.equal(['credential-subject']);
  });

  const ends = {
    revoked: (id: string) => gw.net.submit('regulator', 'Certificate:Revoke', id, JSON.stringify({ reason: 'fraud' })),
    cancelled: (id: string) => gw.net.submit('enterprise-a', 'Certificate:Cancel', id, JSON.stringify({ reason: 'asset retired' })),
  } as const;
  for (const [reason, zh] of [
    ['revoked', '已撤销'],
    ['cancelled', '已注销'],
  ] as const) {
    it(`shows a red verdict naming the status when a genuine bundle meets a certificate ${reason} since it was taken`, async function () {
      const later = await issueCertificateTx(gw.net);
      const taken = await bundleOf(later.id);
      await ends[reason](later.id);
      const r = await verifyInPage(taken);
      expect(r.failed).to.deep.equal([]);
      expect(r.passed).to.include('committed-valid');
      expect(r.valid).to.equal('false');
      expect(r.reason).to.equal(reason);
      expect(r.verdict).to.contain(`Not valid now: certificate ${reason} (${zh})`);
      expect(await page.$eval('#bundle-verdict', (e) => getComputedStyle(e).color)).to.equal('rgb(164, 22, 26)');
      expect(await page.getAttribute('#live-status', 'data-status')).to.equal(reason);
    });
  }

  it('shows a red verdict, expired, for a genuine bundle of a certificate whose term ended in ledger time', async function () {
    const old = await issueCertificateTx(gw.net, { at: new Date(Date.now() - (3 * 365 + 3) * 86_400_000) });
    const r = await verifyInPage(await bundleOf(old.id));
    expect(r.failed).to.deep.equal([]);
    expect(r.valid).to.equal('false');
    expect(r.reason).to.equal('expired');
    expect(r.verdict).to.contain(`Not valid now: certificate expired (已过期) since ${String(old.record.expiresAt)}`);
    expect(await page.$eval('#bundle-verdict', (e) => getComputedStyle(e).color)).to.equal('rgb(164, 22, 26)');
  });

  it('looks up a revoked certificate by id and says in red that it is not valid, and why', async function () {
    const later = await issueCertificateTx(gw.net);
    await ends.revoked(later.id);
    await page.fill('#lookup-input', later.id);
    await page.click('#lookup-form button');
    await page.waitForSelector('#lookup-result .verdict');
    expect(await page.getAttribute('#lookup-result .verdict', 'data-valid')).to.equal('false');
    expect(await page.getAttribute('#lookup-result .verdict', 'data-reason')).to.equal('revoked');
    expect(await page.textContent('#lookup-result .verdict')).to.match(/Not valid: revoked \(已撤销\) since /);
  });

  it('looks up a judicially frozen certificate and shows it valid, with the freeze and its court order beside the verdict', async function () {
    const frozen = await issueCertificateTx(gw.net);
    const order = '(2026)苏12执保123号';
    await gw.net.submit('regulator', 'Certificate:Freeze', frozen.id, JSON.stringify({ court: '泰州市中级人民法院', reference: order }));
    await page.fill('#lookup-input', frozen.id);
    await page.click('#lookup-form button');
    await page.waitForSelector('#lookup-result .verdict');
    expect(await page.getAttribute('#lookup-result .verdict', 'data-valid')).to.equal('true');
    expect(await page.textContent('#lookup-result .verdict')).to.contain(`encumbered: judicially frozen (司法冻结), ${order}`);
  });

  it('fails a bundle whose transaction the ledger invalidated, though every offline check passes', async function () {
    const change = (name: string): string[] => ['Certificate:Change', cert.id, JSON.stringify({ reason: 'rename', name })];
    const first = await prepare(gw.net, 'taizhou-registrar', change('renamed once'), [TAIZHOU, YANCHENG]);
    const second = await prepare(gw.net, 'taizhou-registrar', change('never took effect'), [TAIZHOU, YANCHENG]);
    const { codes } = await commitTogether(gw.net, [first, second]);
    expect(codes[1]).to.not.equal('VALID');
    const orgs = gw.net.consortium.organizations;
    const ghost = await buildBundleForTransaction(gw.net.ledger, second.txId, cert.id, (m) => orgs.find((o) => o.mspId === m));
    const r = await verifyInPage(ghost);
    expect(r.valid).to.equal('false');
    expect(r.reason).to.equal('proof-failed');
    expect(r.failed).to.deep.equal(['committed-valid']);
  });

  it('looks a certificate up by its query code (查询码) without an account', async function () {
    await page.fill('#lookup-input', String(cert.record.queryCode).toLowerCase());
    await page.click('#lookup-form button');
    await page.waitForSelector('#lookup-result .verdict');
    expect(await page.getAttribute('#lookup-result .verdict', 'data-valid')).to.equal('true');
    expect(await page.textContent('#lookup-result')).to.contain(cert.id);
  });

  it('says plainly when no certificate has that id', async function () {
    await page.fill('#lookup-input', '321200-2026-999999');
    await page.click('#lookup-form button');
    await page.waitForSelector('#lookup-result .verdict');
    expect(await page.textContent('#lookup-result .verdict')).to.match(/No such certificate/);
  });

  it('has a heading and labelled inputs in Chinese and English', async function () {
    expect(await page.textContent('h1')).to.match(/数据资产登记凭证查验/);
    expect(await page.textContent('label[for="lookup-input"]')).to.match(/查询码/);
    expect(await page.title()).to.match(/Certificate verification/);
  });
});
