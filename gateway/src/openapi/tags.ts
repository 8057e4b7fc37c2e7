/** What each tag of the OpenAPI document groups; a route's `tag` must be one of these. */
export const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  gateway: 'The gateway itself: health, and the identity an API key maps to.',
  certificates: 'Registration certificates (数据资产登记凭证): application, review, publicity and objections, issue, evidence, transfer, change, renewal, cancellation, revocation, and their reads.',
  recognitions: 'Mutual recognition (互认): agreements between registries, and recognitions of certificates under them.',
  grants: 'Authorization grants (授权) and their metered uses (可控可计量).',
  regulation: 'Market regulation (市场监管) by the regulator: the negative list (负面清单), important-data filings (重要数据流通备案) and credit flags (信用监管).',
  market: 'Trading at an exchange (流通交易): listings (上架), orders (议价), delivery, dispute and settlement with revenue distribution (收益分配).',
  verification: 'Public verification without an API key: by certificate id, by query code (查询码), and of a portable bundle.',
  audit: 'Raw ledger facts for auditors and regulators: transactions, blocks, and the integrity check of the chain.',
  events: 'Committed chaincode events as Server-Sent Events.',
  documentation: 'This OpenAPI document and its rendered page.',
  pledges: 'Pledge financing (质押融资): a holder pledges a certificate to a bank; the bank accepts, releases (解押) or enforces (处置) it; the amount stays confidential.',
  publicity: 'The 公示 board: applications in publicity, public (general grade) and for members (every grade), as JSON and as an Atom feed.',
};
