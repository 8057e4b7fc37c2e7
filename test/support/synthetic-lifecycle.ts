/**
 * A lifecycle of any length for the console's timeline, answered in the browser in place of
 * GET /certificates/{id}/lifecycle, in the API's own page shape (items, bookmark, usage). It
 * checks how the page draws 10,000 steps (a virtual list) without committing 10,000
 * transactions first; what the steps say is not under test, only that they are all there and
 * the page stays responsive. The real lifecycle is checked against the API elsewhere.
 */
import type { Page } from 'playwright-core';

function entry(certificateId: string, n: number): Record<string, unknown> {
  const seconds = String(n % 60).padStart(2, '0');
  return {
    type: n === 0 ? 'issued' : 'grant-use',
    txId: n.toString(16).padStart(64, '0'),
    blockNumber: 10 + Math.floor(n / 10),
    txIndex: n % 10,
    timestamp: `2026-03-01T0${String(Math.floor(n / 3600) % 10)}:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${seconds}.000Z`,
    actor: { mspId: 'TaizhouRegistryMSP', id: n === 0 ? 'taizhou-registrar' : 'data-group' },
    validationCode: 'VALID',
    summary: n === 0 ? `certificate ${certificateId} issued` : `use ${String(n)} of grant G-1`,
    summaryZh: n === 0 ? `凭证 ${certificateId} 发证` : `授权 G-1 第 ${String(n)} 次使用`,
  };
}

/** Answers the page's lifecycle requests for `certificateId` with `count` steps, paged as the API pages them. */
export async function serveSyntheticLifecycle(page: Page, certificateId: string, count: number): Promise<void> {
  await page.route(`**/api/v1/certificates/${certificateId}/lifecycle?*`, async (route) => {
    const query = new URL(route.request().url()).searchParams;
    const from = Number(query.get('bookmark') || '0');
    const limit = Number(query.get('limit') ?? '50');
    const to = Math.min(count, from + limit);
    const items = Array.from({ length: to - from }, (_, i) => entry(certificateId, from + i));
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ certificateId, items, usage: [], bookmark: to < count ? String(to) : '', processedBlock: 10 + Math.floor(count / 10) }),
    });
  });
}

/** The id of the synthetic certificate: well formed, and never issued on a test ledger. */
export const SYNTHETIC_CERTIFICATE = '321200-2026-987654';
