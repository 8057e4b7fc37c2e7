/**
 * A lifecycle entry in words, English and Chinese: what happened (from the chaincode event's
 * name, or the function called when the transaction carries no event or was invalidated), who
 * did it and, for an invalid transaction, that it changed nothing. Unknown event names (a
 * contract added later) still read well: the name is split into words.
 */
import type { Actor } from './block-facts';

const PHRASES: Readonly<Record<string, readonly [string, string]>> = {
  CertificateApplied: ['applied for registration', '提交登记申请'],
  CertificateUnderReview: ['started the review', '开始审核'],
  CertificatePublicized: ['approved the application and opened its publicity (公示)', '审核通过，进入公示'],
  CertificateRejected: ['rejected the application', '驳回申请'],
  CertificateIssued: ['issued the certificate', '颁发登记凭证'],
  EvidenceAdded: ['added evidence', '添加佐证材料'],
  CertificateChanged: ['recorded a change (new version)', '登记变更（新版本）'],
  RightTransferred: ['transferred a right', '权利转移'],
  CertificateRenewed: ['renewed the certificate', '续期'],
  CertificateCancelled: ['cancelled the certificate', '注销'],
  CertificateRevoked: ['revoked the certificate', '撤销'],
  CertificateFrozen: ['froze the certificate', '冻结'],
  CertificateUnfrozen: ['unfroze the certificate', '解冻'],
  ObjectionRaised: ['raised an objection', '提出异议'],
  ObjectionResolved: ['resolved an objection', '处理异议'],
  CertificateRecognised: ['recognised the certificate', '互认'],
  GrantCreated: ['granted a usage right', '授权'],
  GrantSuspended: ['suspended a grant', '暂停授权'],
  GrantResumed: ['resumed a grant', '恢复授权'],
  GrantRevoked: ['revoked a grant', '撤销授权'],
  GrantUsageRecorded: ['recorded a metered use', '记录一次计量使用'],
  ListingCreated: ['listed the asset at an exchange', '挂牌上架'],
  ListingWithdrawn: ['withdrew a listing', '撤销挂牌'],
  OrderPlaced: ['placed an order', '下单'],
  OrderCountered: ['countered an offer', '还价'],
  OrderAccepted: ['accepted an order', '接受报价'],
  OrderDelivered: ['delivered an order', '交付'],
  OrderConfirmed: ['confirmed delivery', '确认收货'],
  OrderDisputed: ['disputed an order', '提出争议'],
  DisputeResolved: ['resolved a dispute', '处理争议'],
  DisclosureConsented: ['consented to disclose the price', '同意信息披露'],
  OrderSettled: ['settled an order', '结算'],
  Derived: ['registered a product derived from it', '登记由其衍生的数据产品'],
  PledgeRequested: ['asked a bank for a pledge (质押)', '申请质押'],
  PledgeAccepted: ['accepted the pledge: the bank joins the endorsement policy', '银行接受质押'],
  PledgeDeclined: ['declined the pledge', '银行拒绝质押'],
  PledgeWithdrawn: ['withdrew the pledge request', '撤回质押申请'],
  PledgeReleased: ['released the pledge (解押)', '解除质押'],
  PledgeEnforced: ['enforced the pledge after default (处置)', '质押处置'],
  PledgeListingConsented: ['consented, as pledgee, to a listing', '质权人同意挂牌'],
};

function words(name: string): string {
  const bare = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  return bare.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

export interface Summary {
  readonly en: string;
  readonly zh: string;
}

/** `type` is an event name or a `Contract:Function`; `related` the record it concerns when not the certificate itself. */
export function summarise(type: string, actor: Actor, validationCode: string, related?: string): Summary {
  const phrase = PHRASES[type] ?? [words(type), words(type)];
  const who = `${actor.id} (${actor.mspId})`;
  const about = related !== undefined ? ` ${related}` : '';
  if (validationCode !== 'VALID') {
    return {
      en: `${who} tried to ${words(type)}${about}; the transaction was invalidated (${validationCode}) and changed nothing`,
      zh: `${who} 的交易（${phrase[1]}${about}）被判无效（${validationCode}），未改变任何状态`,
    };
  }
  return { en: `${who} ${phrase[0]}${about}`, zh: `${who} ${phrase[1]}${about}` };
}
