/**
 * The public 公示 board as an Atom 1.0 feed, written by the `feed` library (escaping, dates and
 * the Atom structure are its job). One entry per application in publicity, newest first; its id
 * is a stable URN of the certificate id, so a reader sees an application once however often it
 * polls. Titles and summaries are Atom `html` text: every value from the ledger is escaped.
 */
import { Feed } from 'feed';
import type { Consortium } from '../../../network/src/consortium';
import type { PublicityEntry, PublicityPage } from '../../../chaincode/src/vocabulary';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}

export function publicityFeed(page: PublicityPage, baseUrl: string, consortium: Pick<Consortium, 'name' | 'organizations'>): string {
  const registryName = (mspId: string): string => consortium.organizations.find((o) => o.mspId === mspId)?.nameZh ?? mspId;
  const newest = page.items[0]?.publicityStartsAt;
  const feed = new Feed({
    id: `${baseUrl}/api/v1/publicity/feed`,
    title: '数据资产登记公示 · Data asset registrations in publicity',
    description: 'Applications approved for registration and now in publicity (公示): object before the period ends. General grade only.',
    link: `${baseUrl}/publicity`,
    feedLinks: { atom: `${baseUrl}/api/v1/publicity/feed` },
    language: 'zh-CN',
    updated: new Date(newest ?? page.checkedAt),
    author: { name: `各数据资产登记确权中心 · the registries of ${consortium.name}`, link: `${baseUrl}/publicity` },
    copyright: `${consortium.name}: public notice of registration applications`,
    generator: 'data-asset-ledger',
  });
  for (const entry of page.items) {
    feed.addItem({
      id: `urn:data-asset-ledger:publicity:${entry.certificateId}`,
      title: escapeHtml(`${entry.name} (${entry.certificateId})`),
      link: `${baseUrl}/publicity#${encodeURIComponent(entry.certificateId)}`,
      date: new Date(entry.publicityStartsAt),
      published: new Date(entry.publicityStartsAt),
      description: escapeHtml(summaryOf(entry, registryName(entry.registry))),
      category: [{ term: entry.category }, { term: entry.assetType }],
    });
  }
  return feed.atom1();
}

function summaryOf(e: PublicityEntry, registry: string): string {
  return (
    `登记机构 Registry: ${registry} (${e.registry}); 类别 Category: ${e.category}; 等级 Grade: ${e.grade}; 类型 Asset type: ${e.assetType}; 来源 Source: ${e.source}; ` +
    `持有人 Holder: ${e.holder}; 指纹 Fingerprint: ${e.fingerprint}; 公示期 Publicity: ${e.publicityStartsAt} – ${e.publicityEndsAt}; ` +
    `未决异议 Open objections: ${String(e.openObjections)}`
  );
}
