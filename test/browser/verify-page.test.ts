import { expect } from 'chai';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FileChooser, Page } from 'playwright-core';
import { startGateway, type TestGateway } from '../gateway/support/start-gateway';
import { DAL_CHAINCODE } from '../support/test-network';
import { issueCertificateTx, type IssuedCertificate } from '../support/certificates';
import { buildBundleForTransaction, buildCertificateBundle } from '../../gateway/src/bundles/build-bundle';
import { commitTogether, prepare, TAIZHOU, YANCHENG } from '../support/flow';
import type { CertificateBundle } from '../../network/src/proof/certificate-bundle';
import { chromiumAvailable, launchChromium, CHROMIUM } from '../support/browser';
import { provenanceProduct } from '../support/provenance';
import { createProvenanceService, type ChaincodeProvenance } from '../../gateway/src/provenance/provenance-service';

/** Screenshots of the page, for a person to look at (gitignored). */
const ARTEFACTS = join(__dirname, '..', '..', '..', 'test-artefacts', 'verify');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

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

  /** axe-core on the page as it is (no serious or critical violation), and a screenshot of it. */
  const shootAccessible = async (name: string): Promise<void> => {
    mkdirSync(ARTEFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
    await page.evaluate(AXE_SOURCE);
    const severe = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
      return (await axe.run()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(severe, name).to.deep.equal([]);
  };

  it('verifies a bundle file dropped on the drop zone, and names each field and check in words, not JSON keys', async function () {
    const file = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'certificate-bundle.json', { type: 'application/json' }));
      return transfer;
    }, JSON.stringify(bundle));
    await page.dispatchEvent('#drop-zone', 'dragover', { dataTransfer: file });
    expect(await page.getAttribute('#drop-zone', 'class')).to.contain('over');
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: file });
    await page.waitForSelector('#bundle-verdict[data-valid]');
    expect(await page.getAttribute('#bundle-verdict', 'data-valid')).to.equal('true');
    expect(await page.textContent('#drop-file')).to.contain('certificate-bundle.json');
    // the facts: every key named in words (Chinese · English), none shown as the JSON key it is
    const fields = await page.$$eval('#bundle-live dt', (dts) => dts.map((d) => ({ key: d.getAttribute('data-field'), text: d.textContent ?? '' })));
    expect(fields.map((f) => f.key)).to.include.members(['certificateId', 'txId', 'blockNumber', 'endorsedBy']);
    for (const f of fields) {
      expect(f.text, f.key ?? '').to.not.equal(f.key);
      expect(f.text, f.key ?? '').to.contain(' · ');
    }
    expect(await page.textContent('#bundle-live')).to.not.match(/[{}"]/);
    const checks = await page.$$eval('#bundle-checks li', (lis) => lis.map((l) => l.textContent ?? ''));
    expect(checks.join('\n')).to.contain('区块签名 · Block signature').and.to.contain('账本确认生效 · Committed valid on the ledger');
    await shootAccessible('01-dropped-bundle');
  });

  it('takes the bundle file from a file picker reached and opened by keyboard alone', async function () {
    // Tab from the look-up form (past the trust.json link) to the file field, open it with Space, choose the file
    await page.focus('#lookup-form button');
    const reached: string[] = [];
    for (let tab = 0; tab < 4 && reached.at(-1) !== 'bundle-file'; tab++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.id || (document.activeElement?.textContent ?? '')));
    }
    expect(reached).to.deep.equal(['trust.json', 'bundle-file']);
    // Space on the focused field opens the picker; the page's file-chooser interception is switched
    // on by the wait itself, and a key press can beat it (the picker then opens natively, unseen):
    // press again while the field keeps the focus
    let chooser: FileChooser | undefined;
    for (let attempt = 0; attempt < 5 && !chooser; attempt++) {
      const opened = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => undefined);
      await page.keyboard.press('Space');
      chooser = await opened;
    }
    expect(chooser, 'Space on the focused file field opens the file picker').to.not.equal(undefined);
    await chooser!.setFiles({ name: 'bundle.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle)) });
    await page.waitForSelector('#bundle-verdict[data-valid]');
    expect(await page.getAttribute('#bundle-verdict', 'data-valid')).to.equal('true');
  });

  it('explains a malformed query code or file in words, with no pattern from the API schema in sight', async function () {
    for (const typed of ['ab$c', '321200-2026-00', 'ABCDEFGHIL']) {
      await page.fill('#lookup-input', typed);
      await page.click('#lookup-form button');
      await page.waitForFunction(() => document.getElementById('lookup-result')?.textContent?.startsWith('✘'));
      const said = (await page.textContent('#lookup-result')) ?? '';
      expect(said, typed).to.contain('query code (查询码) is 10 letters and digits').and.to.contain('321200-2026-000001');
      expect(said, typed).to.not.match(/[\^$[\]\\]|pattern/);
    }
    await page.fill('#bundle-text', 'certificate, not JSON');
    await page.click('#bundle-verify');
    expect(await page.textContent('#bundle-verdict'))
      .to.contain('this text is not JSON')
      .and.not.contain('Unexpected token');
    await shootAccessible('02-malformed-input');
  });
});
