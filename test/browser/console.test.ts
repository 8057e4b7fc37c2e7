import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startGateway, type TestGateway } from '../gateway/support/start-gateway';
import { apiClient, issueViaApi, type ApiClient } from '../gateway/support/api-client';
import { DAL_CHAINCODE } from '../support/test-network';
import { chromiumAvailable, launchChromium, CHROMIUM } from '../support/browser';
import { DATA_GROUP, fingerprint } from '../support/demo-parties';
import { confirmedOrder, EXCHANGE, settle } from '../support/market';
import { issueCertificate } from '../support/certificates';
import { serveSyntheticLifecycle, SYNTHETIC_CERTIFICATE } from '../support/synthetic-lifecycle';

/** Screenshots of every page, for a person to look at (gitignored). */
const ARTEFACTS = join(__dirname, '..', '..', '..', 'test-artefacts', 'console');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { target: unknown }[];
}

describe('web console (browser)', function () {
  this.timeout(120_000);
  let gw: TestGateway;
  let api: ApiClient;
  let browser: Browser;
  /** Every console error and page error of every page; none may be a missing translation or a crash. */
  const problems: string[] = [];

  before(async function () {
    if (!chromiumAvailable()) {
      if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get`);
      console.log(`      (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`);
      this.skip();
    }
    mkdirSync(ARTEFACTS, { recursive: true });
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
    browser = await launchChromium();
  });
  after(async () => {
    await shared?.close();
    await browser?.close();
    await gw?.close();
  });
  const noConsoleErrors = (): void => {
    expect(problems.splice(0), 'console errors on the pages').to.deep.equal([]);
  };

  const open = async (): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  };
  /**
   * The console page of the suite, signed in as `who`: loading the console is the slow part on a
   * busy machine, so identities take turns on one page by signing out and in, as a person would.
   */
  let shared: Page | undefined;
  const signIn = async (who: string): Promise<Page> => {
    if (!shared) {
      shared = await open();
      await shared.goto(`${gw.url}/`);
    } else if (await shared.isVisible('#sign-out')) {
      await shared.click('#sign-out');
    }
    await shared.waitForSelector('#signin_apiKey');
    await shared.fill('#signin_apiKey', gw.apiKey(who));
    await shared.press('#signin_apiKey', 'Enter');
    await shared.waitForFunction((name) => document.getElementById('me-enrollment')?.textContent === name, who);
    return shared;
  };
  /** axe-core on the page as it is: no serious or critical violation. */
  const accessible = async (page: Page, name: string): Promise<void> => {
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
    });
    const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(severe, `${name}: ${JSON.stringify(severe, null, 1)}`).to.deep.equal([]);
  };
  const visit = async (page: Page, path: string, ready: string): Promise<void> => {
    await page.goto(`${gw.url}/#${path}`);
    await page.waitForSelector(ready);
  };
  const shoot = async (page: Page, name: string): Promise<void> => {
    // a table that has just loaded fades in (antd: a 0.3 s opacity transition): shoot it whole
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.ant-spin-container')).every((e) => getComputedStyle(e).opacity === '1'));
    await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
    await accessible(page, name);
  };

  it('serves the console at / with a sign-in that names the demo credentials file, usable by keyboard alone', async function () {
    const page = await open();
    const res = await page.goto(`${gw.url}/`);
    expect(res?.status()).to.equal(200);
    await page.waitForSelector('#signin_apiKey');
    expect(await page.textContent('body')).to.contain('.data/demo-credentials.json');
    await shoot(page, '01-sign-in');
    // the key field has the focus: type, Enter; a wrong key is refused in words
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('signin_apiKey');
    await page.keyboard.type('not-a-key');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#signin-error');
    expect(await page.textContent('#signin-error')).to.contain('not valid');
    problems.length = 0; // the 401 of the refused key is logged by the browser as a failed resource
    await page.fill('#signin_apiKey', '');
    await page.focus('#signin_apiKey');
    await page.keyboard.type(gw.apiKey('enterprise-a'));
    await page.keyboard.press('Enter');
    await page.waitForSelector('#me-enrollment');
    expect(await page.textContent('#me-enrollment')).to.equal('enterprise-a');
    expect(await page.locator('[data-role]').getAttribute('data-role')).to.equal('holder');
    // the holder's menu, not the registrar's or the exchange's
    const menu = await page.textContent('nav');
    expect(menu).to.contain('登记申请').and.not.contain('审核队列').and.not.contain('订单看板');
    await shoot(page, '02-holder-home');
    await page.close();
    noConsoleErrors();
  });

  it('lets a holder apply with a fingerprint computed in the browser, and a registrar approve and issue it', async function () {
    const holder = await signIn('enterprise-a');
    const sent: string[] = [];
    holder.on('request', (r) => sent.push(r.postData() ?? ''));
    await visit(holder, '/holder/apply', '#apply-form');
    const data = Buffer.from(`sensor readings ${fingerprint()}`);
    await holder.setInputFiles('#apply-file', { name: 'readings.csv', mimeType: 'text/csv', buffer: data });
    const expected = createHash('sha256').update(data).digest('hex');
    await holder.waitForFunction((fp) => (document.getElementById('apply_fingerprint') as HTMLInputElement).value === fp, expected);
    // keyboard: type the name, Tab to the next field and back, submit with Enter
    await holder.focus('#apply_name');
    await holder.keyboard.type('泰州工厂传感器数据 2026');
    await holder.keyboard.press('Tab');
    expect(await holder.evaluate(() => document.activeElement?.id)).to.equal('apply_description');
    await holder.keyboard.press('Shift+Tab');
    await holder.keyboard.press('Enter');
    await holder.waitForSelector('#apply-result');
    const applicationId = (await holder.getAttribute('#apply-result', 'data-id'))!;
    await shoot(holder, '03-holder-apply');
    expect(
      sent.some((body) => body.includes('sensor readings')),
      'the file left the browser',
    ).to.equal(false);
    const applied = await api.ok('enterprise-a', 'GET', `/certificates/${applicationId}`);
    expect(applied).to.include({ status: 'applied', fingerprint: expected, name: '泰州工厂传感器数据 2026' });

    const registrar = await signIn('taizhou-registrar');
    await visit(registrar, '/registrar/queue', `[data-action=approve][data-id="${applicationId}"]`);
    await shoot(registrar, '04-registrar-queue');
    await registrar.fill(`[aria-label="公示天数 ${applicationId}"]`, '0');
    await registrar.click(`[data-action=approve][data-id="${applicationId}"]`);
    await registrar.waitForSelector('.ant-message-success:has-text("已通过")');
    const certId = await (async () => {
      for (;;) {
        const now = await api.ok('taizhou-registrar', 'GET', `/certificates/${applicationId}`);
        if (now.status === 'publicizing') return now.id as string;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await registrar.click('[role=tab]:has-text("公示中")');
    await registrar.click(`[data-action=issue][data-id="${certId}"]`);
    await registrar.waitForSelector('.ant-message-success:has-text("已发证")');
    const issued = await api.ok('taizhou-registrar', 'GET', `/certificates/${certId}`);
    expect(issued.status).to.equal('issued');
    await visit(registrar, '/registrar/agreements', 'h1');
    await shoot(registrar, '05-registrar-agreements');

    await signIn('enterprise-a');
    await visit(holder, '/holder/certificates', `[data-row-key="${certId}"]`);
    expect(await holder.textContent(`tr:has-text("${certId}") [data-status]`)).to.equal('已发证');
    // times in China Standard Time, the ISO instant kept on the element (and shown on hover)
    const time = holder.locator(`[data-row-key="${certId}"] time`).first();
    expect(await time.getAttribute('datetime')).to.equal(issued.issuedAt);
    const beijing = new Date(Date.parse(issued.issuedAt as string) + 8 * 3600_000).toISOString();
    expect(await time.textContent()).to.equal(`${beijing.slice(0, 10)} ${beijing.slice(11, 16)}`);
    await shoot(holder, '06-holder-certificates');
    await visit(holder, '/holder/grants', '.ant-tabs');
    await shoot(holder, '07-holder-grants');
    noConsoleErrors();
  });

  it('prints a bilingual A4 certificate whose QR code opens the public verification of its query code', async function () {
    const cert = await issueViaApi(api);
    const page = await signIn('enterprise-a');
    await visit(page, `/print/${cert.id}`, '#certificate-sheet .qr svg');
    const url = await page.getAttribute('#certificate-sheet .qr', 'data-url');
    expect(url).to.equal(`${gw.url}/v/${cert.queryCode}`);
    const sheet = (await page.textContent('#certificate-sheet'))!;
    expect(sheet)
      .to.contain('泰州')
      .and.contain('数据资产登记凭证')
      .and.contain('Data Asset Registration Certificate')
      .and.contain(cert.id)
      .and.contain(cert.queryCode);
    await shoot(page, '08-print-certificate');
    const width = await page.$eval('#certificate-sheet', (e) => e.getBoundingClientRect().width);
    expect(Math.round(width)).to.be.within(792, 796); // 210 mm at 96 dpi
    // following the QR code's link: the public page looks the code up, with no key
    const visitor = await open();
    await visitor.goto(url!);
    await visitor.waitForSelector('#lookup-result .verdict');
    expect(visitor.url()).to.equal(`${gw.url}/verify?q=${cert.queryCode}`);
    expect(await visitor.getAttribute('#lookup-result .verdict', 'data-valid')).to.equal('true');
    await visitor.close();
    noConsoleErrors();
  });

  it('shows an exchange its orders as a board and settles one with the revenue split shown before confirming', async function () {
    const cert = await issueViaApi(api, { body: { category: 'new-energy', fingerprint: fingerprint() } });
    // the holder lists it in the console, the asking price typed in yuan
    const holder = await signIn('enterprise-a');
    await visit(holder, '/holder/market', '#listing');
    await holder.click('#listing_certificateId');
    await holder.click(`.ant-select-item-option[title^="${cert.id}"]`);
    await holder.fill('#listing_price', '1,234.56');
    await holder.fill('#listing_purposes', 'load-forecasting');
    await holder.press('#listing_purposes', 'Enter');
    await holder.waitForSelector('.ant-message-success:has-text("已挂牌")');
    const listings = await api.ok('exchange-operator', 'GET', `/listings?certificateId=${cert.id}`);
    const listing = listings.items[0];
    expect(listing).to.deep.include({ askingPriceFen: 123_456, exchange: EXCHANGE, seller: '91321200MA1ABC123N' });
    expect(listing.terms).to.deep.equal({ purposes: ['load-forecasting'], termDays: 365, deliveryMethod: 'api' });
    await visit(holder, '/holder/market', `[data-row-key="${listing.id}"]`);
    await shoot(holder, '12a-holder-listing');
    const waiting = await api.ok('data-group', 'POST', '/orders', { listingId: listing.id, offerPrice: 100_000 });
    const order = await api.ok('data-group', 'POST', '/orders', { listingId: listing.id, offerPrice: 123_456 });
    await api.ok('enterprise-a', 'POST', `/orders/${order.id}/accept`);
    await api.ok('enterprise-a', 'POST', `/orders/${order.id}/deliver`, { deliverableHash: fingerprint() });
    await api.ok('data-group', 'POST', `/orders/${order.id}/confirm`);
    for (const who of ['data-group', 'enterprise-a']) await api.ok(who, 'POST', `/orders/${order.id}/disclosure-consent`);

    const page = await signIn('exchange-operator');
    await visit(page, '/exchange/board', `[data-column=confirmed] [data-order="${order.id}"]`);
    expect(await page.locator(`[data-column=offered] [data-order="${waiting.id}"]`).count()).to.equal(1);
    await shoot(page, '09-exchange-board');
    await page.click(`[data-order="${order.id}"] .settle-button`);
    await page.waitForSelector('#settle-split tbody tr');
    const split = await page.$$eval('#settle-split tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent)));
    // ¥1,234.56 at the exchange's 2 %: 2,469.12 fen rounds by largest remainder to ¥24.69, the seller ¥1,209.87
    expect(split).to.deep.equal([
      [EXCHANGE, '交易所服务费', '2%', '¥24.69'],
      ['91321200MA1ABC123N', '卖方', '98%', '¥1,209.87'],
    ]);
    await shoot(page, '10-exchange-settle');
    await page.check('#settle-disclose');
    await page.click('#settle-confirm');
    await page.waitForSelector(`[data-column=settled] [data-order="${order.id}"]`);
    const settled = await api.ok('exchange-operator', 'GET', `/orders/${order.id}`);
    expect(settled.settlement.payouts.map((p: { fen: number }) => p.fen)).to.deep.equal([2469, 120_987]);
    await visit(page, '/exchange/listings', `[data-row-key="${listing.id}"]`);
    await shoot(page, '11-exchange-listings');

    const buyer = await signIn('data-group');
    await visit(buyer, '/holder/market', `[data-row-key="${order.id}"]`);
    expect(await buyer.getAttribute(`[data-row-key="${order.id}"] [data-status]`, 'data-status')).to.equal('settled');
    await shoot(buyer, '12-holder-market');
    noConsoleErrors();
  });

  it("shows the regulator the negative list, filings, credit flags and the month's settled trades as a chart", async function () {
    await api.ok('regulator', 'POST', '/negative-list', { category: 'healthcare', level: 'restricted', reason: 'health data under filing only' });
    await api.ok('regulator', 'POST', `/entities/${DATA_GROUP}/credit`, { status: 'normal', reason: 'reviewed in the console test' });
    // a settled, disclosed trade of this month in new-energy, the page's first category
    const cert = await issueViaApi(api, { body: { category: 'new-energy', fingerprint: fingerprint() } });
    const listing = await api.ok('enterprise-a', 'POST', '/listings', {
      assetId: cert.id,
      exchange: EXCHANGE,
      askingPriceFen: 500_000,
      terms: { purposes: ['load-forecasting'], termDays: 30, deliveryMethod: 'api' },
    });
    await settle(gw.net, await confirmedOrder(gw.net, listing.id, 'enterprise-a', 'data-group', 480_000), true);
    const page = await signIn('regulator');
    await visit(page, '/regulator/negative', 'text=health data under filing only');
    await shoot(page, '13-regulator-negative-list');
    await visit(page, '/regulator/filings', 'h1');
    await shoot(page, '14-regulator-filings');
    await visit(page, '/regulator/credit', `[data-row-key="${DATA_GROUP}"]`);
    await shoot(page, '15-regulator-credit');
    await visit(page, '/regulator/prices', '#price-chart canvas');
    await page.waitForSelector('#prices-total');
    expect(Number(await page.getAttribute('#prices-total', 'data-trades'))).to.be.at.least(1);
    await shoot(page, '16-regulator-prices');
    // English on demand, Chinese first
    await page.click('#lang-switch');
    await page.waitForSelector('h1:has-text("Price monitoring")');
    expect(await page.evaluate(() => document.documentElement.lang)).to.equal('en');
    await shoot(page, '17-regulator-prices-en');
    noConsoleErrors();
  });
  it('lets a holder request a pledge in yuan, and the bank accept it, read the dossier of the certificate, download it and release it, and decline another', async function () {
    const cert = await issueViaApi(api);
    const holder = await signIn('enterprise-a');
    // the suite's page may have been left in English: these steps read the Chinese
    if ((await holder.evaluate(() => document.documentElement.lang)) === 'en') await holder.click('#lang-switch');
    await visit(holder, '/holder/certificates', `[data-action=pledge][data-id="${cert.id}"]`);
    await holder.click(`[data-action=pledge][data-id="${cert.id}"]`);
    await holder.waitForSelector('#pledge-form');
    expect(await holder.textContent('#pledge-form'))
      .to.contain(cert.id)
      .and.contain('JiangsuBankMSP');
    await holder.fill('#pledge_amount', '12,345.67');
    await holder.fill('#pledge_termDays', '180');
    await holder.press('#pledge_amount', 'Enter');
    await holder.waitForSelector('#pledge-result');
    const pledgeId = (await holder.getAttribute('#pledge-result', 'data-id'))!;
    await shoot(holder, '18-holder-pledge-request');
    const asked = await api.ok('bank-officer', 'GET', `/pledges/${pledgeId}`);
    expect(asked).to.include({ certificateId: cert.id, pledgee: 'JiangsuBankMSP', termDays: 180, status: 'pending' });
    expect((await api.ok('bank-officer', 'GET', `/pledges/${pledgeId}/terms`)).amount).to.equal(1_234_567);

    const bank = await signIn('bank-officer');
    expect(await bank.textContent('nav'))
      .to.contain('质押业务')
      .and.not.contain('登记申请');
    expect(await bank.getAttribute('#nav-publicity', 'href')).to.equal('/publicity');
    await visit(bank, '/bank/pledges', `[data-action=accept][data-id="${pledgeId}"]`);
    // the amount from the bank's own peer, in yuan with every fen
    expect(await bank.textContent(`[data-row-key="${pledgeId}"]`)).to.contain('¥12,345.67');
    await shoot(bank, '19-bank-pledges-pending');
    await bank.click(`[data-action=accept][data-id="${pledgeId}"]`);
    await bank.waitForSelector('.ant-message-success:has-text("已受理质押")');
    expect((await api.ok('bank-officer', 'GET', `/pledges/${pledgeId}`)).status).to.equal('active');

    await bank.click('[role=tab]:has-text("质押中")');
    await bank.waitForSelector(`[data-action=release][data-id="${pledgeId}"]`);
    await bank.click(`[data-action=dossier][data-id="${pledgeId}"]`);
    await bank.waitForSelector('#dossier-facts [data-kind]');
    const kinds = await bank.$$eval('#dossier-facts [data-kind]', (cells) => cells.map((c) => c.getAttribute('data-kind')));
    const provenance = await api.ok('bank-officer', 'GET', `/certificates/${cert.id}/provenance`);
    expect(kinds).to.deep.equal(provenance.facts.map((f: { kind: string }) => f.kind));
    expect(kinds).to.include('certificate').and.include('pledge');
    expect(await bank.textContent('#dossier-offline')).to.contain(`npm run verify -- dossier-${cert.id}.json`);
    await shoot(bank, '20-bank-dossier');
    await bank.click('#lang-switch');
    await bank.waitForSelector('h1:has-text("Provenance dossier")');
    await shoot(bank, '20a-bank-dossier-en');
    await bank.click('#lang-switch');
    await bank.waitForSelector('h1:has-text("凭证溯源档案")');
    const [download] = await Promise.all([bank.waitForEvent('download'), bank.click('#dossier-download')]);
    expect(download.suggestedFilename()).to.equal(`dossier-${cert.id}.json`);
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(saved.type).to.include('DataAssetProvenanceDossier');
    expect(saved.credentialSubject.certificateId).to.equal(cert.id);

    await visit(bank, '/bank/pledges', '[role=tab]');
    await bank.click('[role=tab]:has-text("质押中")');
    await bank.click(`[data-action=release][data-id="${pledgeId}"]`);
    await bank.click('.ant-popconfirm .ant-btn-primary');
    await bank.waitForSelector('.ant-message-success:has-text("已解押")');
    expect((await api.ok('bank-officer', 'GET', `/pledges/${pledgeId}`)).status).to.equal('released');

    // a request the bank turns down: declined, and gone from the pending tab
    const other = await issueViaApi(api);
    const unwanted = await api.ok('enterprise-a', 'POST', '/pledges', { certificateId: other.id, pledgee: 'JiangsuBankMSP', amount: 100, termDays: 30 });
    await bank.click('[role=tab]:has-text("待受理")');
    await bank.waitForSelector(`[data-action=decline][data-id="${unwanted.id}"]`);
    expect(await bank.textContent(`[data-row-key="${unwanted.id}"]`)).to.contain('¥1.00');
    await bank.click(`[data-action=decline][data-id="${unwanted.id}"]`);
    await bank.click('.ant-popconfirm .ant-btn-primary');
    await bank.waitForSelector('.ant-message-success:has-text("已拒绝质押")');
    await bank.waitForSelector(`[data-row-key="${unwanted.id}"]`, { state: 'detached' });
    expect((await api.ok('enterprise-a', 'GET', `/pledges/${unwanted.id}`)).status).to.equal('declined');
    noConsoleErrors();
  });

  it("shows an auditor a certificate's lifecycle step for step as the API lists it, and its lineage as a graph of the API's nodes", async function () {
    const sources = [await issueCertificate(gw.net), await issueCertificate(gw.net)];
    const product = await issueCertificate(gw.net, { body: { assetType: 'product', parents: sources.map((s: { id: string }) => s.id) } });
    const page = await signIn('auditor');
    expect(await page.textContent('nav'))
      .to.contain('凭证生命周期')
      .and.contain('数据血缘');
    const lifecycle = await api.ok('auditor', 'GET', `/certificates/${product.id}/lifecycle`);
    await visit(page, `/audit/lifecycle/${product.id}`, '#lifecycle-steps [data-tx]');
    const shown = await page.$$eval('#lifecycle-steps [data-tx]', (rows) => rows.map((r) => r.getAttribute('data-tx')));
    expect(shown).to.deep.equal(lifecycle.items.map((e: { txId: string }) => e.txId));
    expect(shown.length).to.be.at.least(3);
    const first = page.locator('#lifecycle-steps time').first();
    expect(await first.getAttribute('datetime')).to.equal(lifecycle.items[0].timestamp);
    await shoot(page, '21-auditor-lifecycle');

    const lineage = await api.ok('auditor', 'GET', `/certificates/${product.id}/lineage`);
    expect(lineage.nodes).to.have.length(3);
    await visit(page, `/audit/lineage/${product.id}`, '#lineage-chart canvas');
    await page.waitForSelector('#lineage-summary');
    expect(Number(await page.getAttribute('#lineage-summary', 'data-nodes'))).to.equal(lineage.nodes.length);
    expect(Number(await page.getAttribute('#lineage-summary', 'data-edges'))).to.equal(lineage.edges.length);
    expect(await page.$$eval('[data-node]', (items) => items.map((i) => i.getAttribute('data-node')).sort())).to.deep.equal(
      lineage.nodes.map((n: { id: string }) => n.id).sort(),
    );
    await shoot(page, '22-auditor-lineage');
    await page.click('#lang-switch');
    await page.waitForSelector('h1:has-text("Data lineage")');
    await shoot(page, '23-auditor-lineage-en');
    await page.click('#lang-switch');
    noConsoleErrors();
  });

  it('checks the ledger integrity for an auditor slice by slice, with progress, to the same verdict as one check of the whole chain', async function () {
    const page = await signIn('auditor');
    const slices: string[] = [];
    const count = (r: { url(): string }): void => void (r.url().includes('/api/v1/ledger/integrity') && slices.push(r.url()));
    page.on('request', count);
    await visit(page, '/audit/integrity', '#integrity-start');
    await page.waitForFunction(() => /\d/.test(document.querySelector('.integrity-actions')?.textContent ?? ''));
    // keyboard: focus the button, Enter
    await page.focus('#integrity-start');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#integrity-counts[data-state=ok]', { timeout: 110_000 });
    page.off('request', count);
    const height = Number(await page.getAttribute('#integrity-counts', 'data-height'));
    expect(Number(await page.getAttribute('#integrity-counts', 'data-blocks'))).to.equal(height);
    // the same range checked at once by the API: the same blocks and transactions
    const whole = await api.ok('auditor', 'GET', `/ledger/integrity?from=0&to=${String(height - 1)}`);
    expect(whole.ok).to.equal(true);
    expect(await page.textContent('#integrity-counts'))
      .to.contain(`${String(whole.checkedBlocks)} / ${String(height)}`)
      .and.contain(String(whole.checkedTransactions));
    expect(slices).to.have.length(Math.ceil(height / 20));
    expect(await page.textContent('#integrity-verdict')).to.contain('完整');
    await shoot(page, '24-auditor-integrity');
    noConsoleErrors();
  });

  it('draws a 10,000-step lifecycle as a virtual list: every step loaded, only the visible rows in the page', async function () {
    this.timeout(300_000);
    const page = await signIn('auditor');
    await serveSyntheticLifecycle(page, SYNTHETIC_CERTIFICATE, 10_000);
    await visit(page, `/audit/lifecycle/${SYNTHETIC_CERTIFICATE}`, '#lifecycle-all');
    await page.click('#lifecycle-all');
    await page.waitForSelector('#lifecycle-count[data-complete=true][data-count="10000"]', { timeout: 110_000 });
    const rows = await page.locator('#lifecycle-steps [data-tx]').count();
    expect(rows).to.be.above(5).and.below(100);
    // the last step is reached by scrolling the list to its end, as a person would: again while the
    // list measures the rows it draws and grows (one scroll can stop short when the machine is slow)
    const last = `#lifecycle-steps [data-tx="${(9_999).toString(16).padStart(64, '0')}"]`;
    await page.waitForFunction(
      (selector) => {
        const holder = document.querySelector('.ant-table-tbody-virtual-holder');
        holder?.scrollTo({ top: holder.scrollHeight });
        return (document.querySelector(selector)?.getBoundingClientRect().height ?? 0) > 0;
      },
      last,
      { timeout: 90_000, polling: 250 },
    );
    await page.waitForSelector(last);
    await shoot(page, '25-auditor-lifecycle-10000');
    await page.unroute('**/api/v1/certificates/**');
    noConsoleErrors();
  });

  it('lets the parties trade an order step by step in the console — offer, counter, accept, deliver, dispute — and the exchange resolve the dispute', async function () {
    const cert = await issueViaApi(api, { body: { category: 'new-energy', fingerprint: fingerprint() } });
    const terms = { purposes: ['load-forecasting'], termDays: 365, deliveryMethod: 'api' };
    const listing = await api.ok('enterprise-a', 'POST', '/listings', { assetId: cert.id, exchange: EXCHANGE, askingPriceFen: 500_000, terms });
    const status = async (id: string): Promise<string> => (await api.ok('exchange-operator', 'GET', `/orders/${id}`)).status;
    /** Opens a step's dialog on the row, fills it and sends it with its OK button (or, `enter`, with Enter in its field). */
    const step = async (page: Page, action: string, id: string, fill: (dialog: string) => Promise<void>, enter = false): Promise<void> => {
      await page.click(`[data-action=${action}][data-id="${id}"]`);
      const dialog = `.ant-modal:has(form[id="order-${action}"])`;
      await page.waitForSelector(dialog);
      await fill(dialog);
      if (enter) await page.keyboard.press('Enter');
      else await page.click(`${dialog} .ant-btn-primary`);
      await page.waitForSelector(`${dialog}`, { state: 'detached' });
    };
    const until = async (id: string, wanted: string): Promise<void> => {
      for (let i = 0; i < 100 && (await status(id)) !== wanted; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await status(id)).to.equal(wanted);
    };

    // the buyer offers on the open listing, the price typed in yuan, by keyboard
    const buyer = await signIn('data-group');
    await visit(buyer, '/holder/market', `#open-listings [data-action=offer][data-id="${listing.id}"]`);
    await step(
      buyer,
      'offer',
      listing.id,
      async (dialog) => {
        await buyer.focus(`${dialog} input`);
        await buyer.keyboard.type('4,000.50');
      },
      true,
    );
    // the offer arrives in the buyer's orders through the ledger's feed
    const row = await buyer.waitForSelector(`#my-orders tr[data-row-key]:has-text("${cert.id}")`);
    const order = { id: (await row.getAttribute('data-row-key')) ?? '' };
    expect(await status(order.id)).to.equal('offered');
    expect((await api.ok('data-group', 'GET', `/orders/${order.id}/terms`)).offer.value.price).to.equal(400_050);

    // the seller counters
    const seller = await signIn('enterprise-a');
    await visit(seller, '/holder/market', `[data-action=counter][data-id="${order.id}"]`);
    await shoot(seller, '13a-holder-order-offered');
    await step(seller, 'counter', order.id, async (dialog) => {
      await seller.fill(`${dialog} input`, '4500');
    });
    await until(order.id, 'countered');

    // the buyer accepts the counter-offer
    await signIn('data-group');
    await visit(buyer, '/holder/market', `[data-action=accept][data-id="${order.id}"]`);
    await buyer.click(`[data-action=accept][data-id="${order.id}"]`);
    await buyer.click('.ant-popover .ant-btn-primary');
    await until(order.id, 'agreed');
    expect((await api.ok('data-group', 'GET', `/orders/${order.id}/terms`)).agreedFrom).to.equal('counter');

    // the seller delivers: the deliverable's SHA-256 computed in the browser
    await signIn('enterprise-a');
    await visit(seller, '/holder/market', `[data-action=deliver][data-id="${order.id}"]`);
    const deliverable = Buffer.from(`deliverable ${fingerprint()}`);
    await step(seller, 'deliver', order.id, async () => {
      await seller.setInputFiles('#order-deliver-file', { name: 'data.csv', mimeType: 'text/csv', buffer: deliverable });
      await seller.waitForSelector('#order-deliver-hash');
      await shoot(seller, '13b-holder-order-deliver');
    });
    await until(order.id, 'delivered');
    expect((await api.ok('enterprise-a', 'GET', `/orders/${order.id}`)).delivery.deliverableHash).to.equal(
      createHash('sha256').update(deliverable).digest('hex'),
    );

    // the buyer disputes it, with the evidence's hash
    await signIn('data-group');
    await visit(buyer, '/holder/market', `[data-action=dispute][data-id="${order.id}"]`);
    await step(buyer, 'dispute', order.id, async (dialog) => {
      await buyer.fill(`${dialog} textarea`, 'the columns do not match the description');
      await buyer.setInputFiles('#order-dispute-file', { name: 'evidence.txt', mimeType: 'text/plain', buffer: Buffer.from('evidence') });
      await buyer.waitForSelector('#order-dispute-hash');
    });
    await until(order.id, 'disputed');

    // the exchange resolves it from the board: released, so the order may be settled
    const exchange = await signIn('exchange-operator');
    await visit(exchange, '/exchange/board', `[data-column=disputed] [data-action=resolve][data-id="${order.id}"]`);
    await shoot(exchange, '13c-exchange-dispute');
    await step(exchange, 'resolve', order.id, async (dialog) => {
      await exchange.fill(`${dialog} textarea`, 'delivered as described');
    });
    await until(order.id, 'resolved');
    await exchange.waitForSelector(`[data-column=confirmed] [data-order="${order.id}"]`);
    noConsoleErrors();
  });

  it("lets the bank consent, in a dialog, that an active pledge's asset be listed at the exchange", async function () {
    const cert = await issueViaApi(api, { body: { category: 'new-energy', fingerprint: fingerprint() } });
    const pledge = await api.ok('enterprise-a', 'POST', '/pledges', { certificateId: cert.id, pledgee: 'JiangsuBankMSP', amount: 100_000, termDays: 90 });
    await api.ok('bank-officer', 'POST', `/pledges/${pledge.id}/accept`, {});
    const bank = await signIn('bank-officer');
    await visit(bank, '/bank/pledges', '[role=tab]');
    await bank.click('[role=tab]:has-text("质押中")');
    await bank.waitForSelector(`[data-action=listing-consent][data-id="${pledge.id}"]`);
    await bank.click(`[data-action=listing-consent][data-id="${pledge.id}"]`);
    await bank.waitForSelector('form[id="pledge-listing-consent"]');
    await shoot(bank, '19a-bank-listing-consent');
    await bank.click('.ant-modal .ant-btn-primary');
    await bank.waitForSelector('.ant-message-success');
    expect((await api.ok('bank-officer', 'GET', `/pledges/${pledge.id}`)).listingConsent).to.include({ exchange: EXCHANGE });
    noConsoleErrors();
  });

  it('says so when the gateway refuses its live updates (the identity holds its most event streams), and resumes them once one closes', async function () {
    // the regulator's key holds every stream it may elsewhere (other tabs, other people of a shared demo key)
    const held = await Promise.all(
      Array.from({ length: 32 }, async () => {
        const abort = new AbortController();
        const res = await fetch(`${gw.url}/api/v1/events`, { headers: { authorization: `Bearer ${gw.apiKey('regulator')}` }, signal: abort.signal });
        expect(res.status).to.equal(200);
        return abort;
      }),
    );
    try {
      const page = await signIn('regulator');
      await visit(page, '/regulator/filings', '#feed-refused');
      expect(await page.textContent('#feed-refused')).to.contain('事件流');
      await shoot(page, '20-feed-refused');
      held.pop()!.abort();
      // asked again when Retry-After said (15 s): the stream is taken, the notice goes
      await page.waitForSelector('#feed-refused', { state: 'detached', timeout: 60_000 });
      // the browser logs the refused request as a failed resource
      expect(problems.splice(0).filter((p) => !/status of 429/.test(p))).to.deep.equal([]);
    } finally {
      for (const abort of held) abort.abort();
    }
  });
});
