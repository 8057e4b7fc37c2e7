/**
 * The public 公示 board page in Debian's Chromium: the entries the ledger has in publicity,
 * rendered with CJK glyphs, a natural person as 个人, important data left out with the
 * members-only note, filters, paging and the feed link. A screenshot is saved under
 * test-artefacts/ (gitignored) for a person to look at.
 */
import { expect } from 'chai';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startGateway, type TestGateway } from '../gateway/support/start-gateway';
import { apiClient, application, PERSON_1, type ApiClient } from '../gateway/support/api-client';
import { DAL_CHAINCODE, REPO_ROOT } from '../support/test-network';
import { chromiumAvailable, launchChromium, CHROMIUM } from '../support/browser';

const ARTEFACTS = join(REPO_ROOT, 'test-artefacts');

describe('public 公示 board page (browser)', function () {
  this.timeout(180_000);
  let gw: TestGateway;
  let api: ApiClient;
  let browser: Browser;
  let page: Page;
  const general: string[] = [];
  let individual: string;
  let important: string;

  const approve = async (body: Record<string, unknown>, who = 'enterprise-a'): Promise<string> => {
    const applied = await api.ok(who, 'POST', '/certificates', application(body));
    return (await api.ok('taizhou-registrar', 'POST', `/certificates/${applied.id as string}/review`, { decision: 'approve', publicityDays: 15 })).id as string;
  };

  before(async function () {
    if (!chromiumAvailable()) {
      if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get`);
      console.log(`      (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`);
      this.skip();
    }
    gw = await startGateway({ chaincode: DAL_CHAINCODE });
    api = apiClient(gw);
    important = await approve({ name: '泰州电网负荷重要数据 2026', category: 'new-energy', grade: 'important' });
    individual = await approve(
      { name: '个人健康手环数据', category: 'healthcare', source: 'personal', containsPersonalInfo: true, rights: [{ type: 'holding', holder: PERSON_1 }] },
      'person-1',
    );
    const names = ['泰州智能工厂传感器数据', '泰州港集装箱吞吐量', '泰州公交实时到站数据', '泰州医药产业园能耗数据'];
    for (let i = 0; i < 21; i++) {
      general.push(await approve({ name: `${names[i % names.length] ?? ''} ${String(2026 - i)}`, category: i % 2 === 0 ? 'manufacturing' : 'transport' }));
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await gw?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  });
  afterEach(async () => page?.close());

  const rowIds = (): Promise<string[]> => page.$$eval('tr[data-certificate]', (rows) => rows.map((r) => r.getAttribute('data-certificate') ?? ''));

  it('renders the newest 20 entries with CJK glyphs, the members-only note, how to object, and a screenshot', async function () {
    await page.goto(`${gw.url}/publicity`);
    expect(await page.title()).to.equal('数据资产登记公示 · Registrations in publicity');
    expect(await rowIds()).to.deep.equal([...general].reverse().slice(0, 20));
    expect(await page.textContent('#members-only'))
      .to.contain('部分条目仅对联盟成员可见')
      .and.contain('members only');
    expect(await page.$$eval('tr[data-certificate] details summary', (s) => s.length)).to.equal(20);
    expect(await page.getAttribute('#feed-link', 'href')).to.equal('/api/v1/publicity/feed');

    // the heading's Chinese is drawn with a CJK font's glyphs, not boxes
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'header h1' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const cjk = fonts.filter((f) => /CJK|Noto Sans SC|WenQuanYi|Source Han/i.test(f.familyName));
    expect(
      cjk.map((f) => f.glyphCount).reduce((a, b) => a + b, 0),
      JSON.stringify(fonts),
    ).to.be.greaterThan(5);

    await mkdir(ARTEFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTEFACTS, 'publicity-page.png'), fullPage: false });
  });

  it('pages to the older entries, where the natural person is 个人 and the important-grade application is absent', async function () {
    await page.goto(`${gw.url}/publicity`);
    await page.click('#next-page');
    await page.waitForSelector('#first-page');
    expect(await rowIds()).to.deep.equal([general[0], individual]);
    expect(await page.textContent(`tr[data-certificate="${individual}"] td.holder`)).to.equal('个人');
    const html = await page.content();
    expect(html).to.not.include(PERSON_1.slice(10)).and.not.include('np:');
    expect(html).to.not.include(important);
    expect(await page.$('#next-page')).to.equal(null);
    await page.click(`tr[data-certificate="${individual}"] details summary`);
    expect(await page.isVisible(`tr[data-certificate="${individual}"] details p`)).to.equal(true);
    await mkdir(ARTEFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTEFACTS, 'publicity-page-2.png'), fullPage: true });
  });

  it('filters by category through the form, and the feed link follows the filter', async function () {
    await page.goto(`${gw.url}/publicity`);
    await page.selectOption('select[name=category]', 'transport');
    await Promise.all([page.waitForURL(/category=transport/), page.click('form.filters button')]);
    const expected = general.filter((_, i) => i % 2 === 1).reverse();
    expect(await rowIds()).to.deep.equal(expected);
    expect(await page.getAttribute('#feed-link', 'href')).to.equal('/api/v1/publicity/feed?category=transport');
    await page.selectOption('select[name=category]', 'agriculture');
    await Promise.all([page.waitForURL(/category=agriculture/), page.click('form.filters button')]);
    expect(await page.textContent('#empty')).to.contain('目前没有符合条件的公示条目');
  });
});
