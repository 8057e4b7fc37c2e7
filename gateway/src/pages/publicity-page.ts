/**
 * The public 公示 board page, served at GET /publicity and rendered on the server (no script):
 * the applications now in publicity, newest first, with filters, paging, how to object to each,
 * a note that important-data entries are for members only, and the Atom feed. Chinese first,
 * English beside it. It reads the same kind of cached public board as GET /api/v1/publicity, and
 * keeps each rendered page for up to a second, until a commit drops it.
 */
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { Consortium } from '../../../network/src/consortium';
import type { PublicityBoard, BoardQuery } from '../publicity/publicity-board';
import { escapeHtml as h } from '../publicity/publicity-feed';
import { ASSET_TYPES, CATEGORIES, type PublicityEntry, type PublicityPage } from '../../../chaincode/src/vocabulary';

const PAGE_SIZE = 20;

const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  healthcare: '医疗健康 Healthcare',
  manufacturing: '工业制造 Manufacturing',
  'new-energy': '新能源 New energy',
  finance: '金融 Finance',
  transport: '交通运输 Transport',
  'culture-tourism': '文化旅游 Culture & tourism',
  agriculture: '农业 Agriculture',
  'public-service': '公共服务 Public service',
  other: '其他 Other',
};
const ASSET_TYPE_NAMES: Readonly<Record<string, string>> = { resource: '数据资源 Resource', element: '数据要素 Element', product: '数据产品 Product' };
const SOURCE_NAMES: Readonly<Record<string, string>> = { public: '公共数据 Public', enterprise: '企业数据 Enterprise', personal: '个人数据 Personal' };
const GRADE_NAMES: Readonly<Record<string, string>> = { general: '一般 General', important: '重要 Important', core: '核心 Core' };

type Registries = readonly { readonly mspId: string; readonly nameZh: string; readonly name: string }[];

const CSS = `body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:0;color:#1b1f24;background:#f6f7f9;line-height:1.5}
header{background:#0b3d6b;color:#fff;padding:1.2rem 2rem}header h1{margin:0;font-size:1.45rem}header h1 span{font-weight:400;opacity:.8;font-size:1rem}header p{margin:.3rem 0 0;opacity:.9}
main{max-width:86rem;margin:0 auto;padding:1rem 2rem}section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:1rem 1.5rem;margin:1rem 0}
.notice{background:#fff8e1;border-color:#f0d48a}.notice strong{color:#7a5300}
form.filters{display:flex;flex-wrap:wrap;gap:.8rem;align-items:flex-end}form.filters label{display:flex;flex-direction:column;font-weight:600;font-size:.9rem}
select,button{font:inherit;padding:.35rem .5rem}select{max-width:20rem}td.name{min-width:12rem}td.objections{min-width:9rem}.scroll{overflow-x:auto}button{background:#0b3d6b;color:#fff;border:0;border-radius:4px;padding:.45rem 1rem;cursor:pointer}
a{color:#0b5cad}.feed{margin-left:auto}table{width:100%;border-collapse:collapse;font-size:.92rem}th,td{text-align:left;padding:.5rem .45rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{background:#eef1f5;font-weight:600}td.id{white-space:nowrap;font-family:ui-monospace,monospace;font-size:.85rem}.fp{font-family:ui-monospace,monospace;font-size:.8rem;color:#555}
.tag{display:inline-block;background:#eef1f5;border-radius:3px;padding:0 .35rem;margin:0 .2rem .2rem 0;font-size:.8rem}.open{color:#a4161a;font-weight:600}.none{color:#126b2f}.closed{color:#6b7280}
details summary{cursor:pointer;color:#0b5cad}details p{margin:.3rem 0;font-size:.85rem;max-width:28rem}code{font-size:.8rem;background:#f1f3f5;padding:0 .2rem;border-radius:3px}
nav.paging{display:flex;gap:1rem;margin-top:.8rem}.empty{color:#555;padding:1rem 0}ol li{margin:.3rem 0}
@media (max-width:52rem){table,thead,tbody,tr,td{display:block}thead{display:none}tr{border:1px solid #dde1e6;border-radius:6px;margin:.6rem 0;padding:.4rem}td{border:0;padding:.2rem .4rem}td::before{content:attr(data-label);display:block;font-size:.75rem;color:#6b7280}}`;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The filters and bookmark of the request, keeping only values the board knows (anything else is ignored). */
function queryOf(req: Request, registries: Registries): BoardQuery {
  const q = req.query as Record<string, unknown>;
  const registry = text(q.registry);
  const category = text(q.category);
  const assetType = text(q.assetType);
  const bookmark = text(q.bookmark);
  return {
    ...(registry !== undefined && registries.some((r) => r.mspId === registry) ? { registry } : {}),
    ...(category !== undefined && (CATEGORIES as readonly string[]).includes(category) ? { category } : {}),
    ...(assetType !== undefined && (ASSET_TYPES as readonly string[]).includes(assetType) ? { assetType } : {}),
    limit: PAGE_SIZE,
    bookmark: bookmark !== undefined && /^[A-Za-z0-9_-]{1,1024}$/.test(bookmark) ? bookmark : '',
  };
}

function link(path: string, query: BoardQuery, bookmark?: string): string {
  const params = new URLSearchParams();
  for (const f of ['registry', 'category', 'assetType'] as const) if (query[f] !== undefined) params.set(f, query[f]);
  if (bookmark) params.set('bookmark', bookmark);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

function options(values: readonly string[], names: Readonly<Record<string, string>>, selected: string | undefined, all: string): string {
  return [
    `<option value="">${all}</option>`,
    ...values.map((v) => `<option value="${h(v)}"${v === selected ? ' selected' : ''}>${h(names[v] ?? v)}</option>`),
  ].join('');
}

function row(e: PublicityEntry, registryName: string): string {
  const objections =
    e.openObjections > 0 ? `<span class="open">${String(e.openObjections)} 项未决异议 open</span>` : '<span class="none">无未决异议 none open</span>';
  const window = e.acceptingObjections ? '<span class="none">受理异议中 open for objections</span>' : '<span class="closed">公示期已结束 period ended</span>';
  return `<tr id="${h(e.certificateId)}" data-certificate="${h(e.certificateId)}">
<td class="id" data-label="凭证编号 Certificate id">${h(e.certificateId)}</td>
<td class="name" data-label="名称 Name"><strong>${h(e.name)}</strong><br><span class="tag">${h(CATEGORY_NAMES[e.category] ?? e.category)}</span><span class="tag">${h(ASSET_TYPE_NAMES[e.assetType] ?? e.assetType)}</span><span class="tag">${h(GRADE_NAMES[e.grade] ?? e.grade)}</span><span class="tag">${h(SOURCE_NAMES[e.source] ?? e.source)}</span></td>
<td data-label="登记机构 Registry">${h(registryName)}<br><span class="fp">${h(e.registry)}</span></td>
<td data-label="持有人 Holder" class="holder">${h(e.holder)}</td>
<td data-label="数据指纹 Fingerprint"><span class="fp" title="${h(e.fingerprint)}">${h(e.fingerprint.slice(0, 12))}…</span></td>
<td class="period" data-label="公示期 Publicity">${h(e.publicityStartsAt.slice(0, 10))} →<br>${h(e.publicityEndsAt.slice(0, 10))}<br>${window}</td>
<td class="objections" data-label="异议 Objections">${objections}
<details><summary>如何提出异议 How to object</summary>
<p><strong>联盟成员 Members:</strong> <code>POST /api/v1/certificates/${h(e.certificateId)}/objections</code> with your API key, before ${h(e.publicityEndsAt)}.</p>
<p><strong>公众 Anyone else:</strong> 向${h(registryName)}提交书面异议申请，注明凭证编号 ${h(e.certificateId)}、理由与联系方式；登记机构代为登记上链，链上仅保存联系方式的加盐哈希。 Send a written objection to ${h(registryName)} naming ${h(e.certificateId)}, your reasons and a contact; its registrar records it on the ledger for you, keeping only a salted hash of your contact.</p>
</details></td>
</tr>`;
}

export function renderPublicityPage(page: PublicityPage, query: BoardQuery, registries: Registries, problem?: string): string {
  const name = (mspId: string): string => {
    const r = registries.find((o) => o.mspId === mspId);
    return r ? `${r.nameZh}` : mspId;
  };
  const registryNames = Object.fromEntries(registries.map((r) => [r.mspId, `${r.nameZh} ${r.name}`]));
  const rows = page.items.map((e) => row(e, name(e.registry))).join('\n');
  const table = page.items.length
    ? `<div class="scroll"><table><thead><tr><th>凭证编号 Certificate id</th><th>名称 Name</th><th>登记机构 Registry</th><th>持有人 Holder</th><th>数据指纹 Fingerprint</th><th>公示期 Publicity</th><th>异议 Objections</th></tr></thead><tbody>
${rows}
</tbody></table></div>`
    : '<p class="empty" id="empty">目前没有符合条件的公示条目。 No application matching these filters is in publicity now.</p>';
  const next = page.bookmark ? `<a id="next-page" href="${h(link('/publicity', query, page.bookmark))}">下一页 Next page →</a>` : '';
  const first = query.bookmark ? `<a id="first-page" href="${h(link('/publicity', query))}">← 第一页 First page</a>` : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据资产登记公示 · Registrations in publicity</title>
<link rel="alternate" type="application/atom+xml" title="数据资产登记公示 Atom" href="${h(link('/api/v1/publicity/feed', { ...query, bookmark: '' }))}">
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>数据资产登记公示 <span>Data asset registrations in publicity</span></h1>
  <p>以下登记申请已通过审核，正在公示。公示期内任何人均可提出异议；有未决异议的申请不予发证。 These applications passed review and are in publicity: anyone may object before the period ends, and an open objection stops the certificate being issued.</p>
</header>
<main>
  <section class="notice" id="members-only">
    <strong>部分条目仅对联盟成员可见。</strong> 涉及重要数据（重要数据目录不公开）的申请不在本页列出，联盟成员可通过已认证的接口查看。
    <br><strong>Some entries are visible to consortium members only:</strong> important-data applications are not listed publicly; members see them through the authenticated API (<code>GET /api/v1/publicity/members</code>).
    自然人持有人仅显示为“个人”。 A natural person holding a right is shown only as 个人 (individual).
  </section>
  <section aria-labelledby="board-title">
    <h2 id="board-title" style="margin-top:0">公示中的申请 Applications in publicity</h2>
    <form class="filters" method="get" action="/publicity">
      <label>登记机构 Registry<select name="registry">${options(
        registries.map((r) => r.mspId),
        registryNames,
        query.registry,
        '全部 All',
      )}</select></label>
      <label>类别 Category<select name="category">${options(CATEGORIES, CATEGORY_NAMES, query.category, '全部 All')}</select></label>
      <label>资产类型 Asset type<select name="assetType">${options(ASSET_TYPES, ASSET_TYPE_NAMES, query.assetType, '全部 All')}</select></label>
      <button type="submit">筛选 Filter</button>
      <a class="feed" id="feed-link" href="${h(link('/api/v1/publicity/feed', { ...query, bookmark: '' }))}">订阅 Atom 源 Subscribe (Atom feed)</a>
    </form>
    ${problem ? `<p class="open" id="problem">${h(problem)}</p>` : ''}
    ${table}
    <nav class="paging">${first}${next}</nav>
    <p class="fp">截至 As of ${h(page.checkedAt)} · 按公示开始时间由新到旧 newest first · ${String(page.items.length)} 条 on this page</p>
  </section>
  <section id="how-to-object" aria-labelledby="object-title">
    <h2 id="object-title" style="margin-top:0">如何提出异议 How to object</h2>
    <ol>
      <li>联盟成员：使用您的 API 密钥调用 <code>POST /api/v1/certificates/{凭证编号}/objections</code>，写明理由（可附证据哈希）。 Members: call the API with your key, giving a reason (and an evidence hash if you have one).</li>
      <li>其他人：在公示期结束前，向该申请所属的登记机构提交书面异议，写明凭证编号、理由和联系方式。登记机构的登记员代您登记异议；链上只保存您联系方式的加盐哈希，联系方式本身由登记机构线下保管。 Anyone else: before the period ends, send the registry a written objection with the certificate id, your reasons and a contact. Its registrar records the objection on the ledger for you; the ledger keeps only a salted hash of your contact, which the registry keeps off the ledger.</li>
      <li>登记机构审理异议：异议成立则驳回申请；不成立则可发证。 The registry decides: upheld, the application is rejected; dismissed, the certificate may be issued.</li>
    </ol>
  </section>
</main>
</body>
</html>
`;
}

/** GET /publicity over the public board (publicity/publicity-board.ts). */
export function publicityPage(options: { readonly board: PublicityBoard; readonly consortium: Pick<Consortium, 'organizations'> }): Router {
  const registries = options.consortium.organizations.filter((o) => o.type === 'registry');
  const router = Router();
  router.get('/publicity', (req: Request, res: Response, next: NextFunction) => {
    const query = queryOf(req, registries);
    const send = (html: string, status: number): void => {
      res.status(status).type('html').set('Cache-Control', 'no-cache').send(html);
    };
    options.board
      .rendered(query, 'html', (page) => renderPublicityPage(page, query, registries))
      .then(
        (html) => send(html, 200),
        (err: unknown) => {
          // a stale or foreign paging link: say so and offer the first page rather than an error body
          if (query.bookmark === '') return next(err);
          const none: PublicityPage = { audience: 'public', items: [], bookmark: '', checkedAt: new Date().toISOString() };
          send(
            renderPublicityPage(
              none,
              query,
              registries,
              '这个分页链接已失效，请从第一页开始。 This paging link is no longer valid: start again from the first page.',
            ),
            400,
          );
        },
      );
  });
  return router;
}
