/**
 * The public verification page (数据资产登记凭证查验), served at GET /verify: anyone can look up a
 * certificate by id or query code (查询码), or drop a certificate bundle and have it verified
 * IN THE BROWSER by the same verifier the gateway uses (network/src/proof, bundled by esbuild
 * into build/public/dal-verify.js) — the page then asks the gateway only for the live status.
 */
import { Router, type Request, type Response } from 'express';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { ChannelTrust } from '../../../network/src/proof/certificate-bundle';
import { CHECK_NAMES, FIELD_NAMES, PART_NAMES } from './verify-page-words';

/** The largest file the drop zone reads: what POST /api/v1/verify accepts (app.ts). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Where `npm run build:web` writes the browser verifier (relative to this compiled file). */
export const VERIFIER_BUNDLE = join(__dirname, '..', '..', '..', 'public', 'dal-verify.js');

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据资产登记凭证查验 · Certificate verification</title>
<link rel="stylesheet" href="/assets/verify-page.css">
</head>
<body>
<header>
  <h1>数据资产登记凭证查验 <span>Data asset certificate verification</span></h1>
  <p>Check a registration certificate against the consortium ledger — no account needed.</p>
</header>
<main>
  <section aria-labelledby="lookup-title">
    <h2 id="lookup-title">按编号或查询码查询 · Look up</h2>
    <form id="lookup-form">
      <label for="lookup-input">Certificate id or query code (凭证编号 / 查询码)</label>
      <input id="lookup-input" name="q" autocomplete="off" placeholder="321200-2026-000001 or 10-character query code" required>
      <button type="submit">Look up</button>
    </form>
    <div id="lookup-result" role="status" aria-live="polite"></div>
  </section>
  <section aria-labelledby="bundle-title">
    <h2 id="bundle-title">离线凭证验证 · Verify a certificate bundle</h2>
    <p>The bundle is checked in this browser — signatures, endorsements, the block proof — against the channel's published trust anchors (<a href="/verify/trust.json">trust.json</a>). Then the gateway is asked whether its transaction committed VALID and whether the certificate still holds — not revoked, cancelled or expired (the bundle is sent for that step). Only then is it valid.</p>
    <div id="drop-zone" class="drop-zone">
      <p id="drop-hint"><strong>把凭证包或溯源档案文件拖到这里</strong> · Drop a certificate bundle or provenance dossier file here</p>
      <label for="bundle-file">或选择文件 · or choose the file (.json)</label>
      <input id="bundle-file" type="file" accept="application/json,.json" aria-describedby="drop-hint">
      <p id="drop-file" role="status" aria-live="polite"></p>
    </div>
    <label for="bundle-text">或粘贴其内容 · or paste its text</label>
    <textarea id="bundle-text" rows="6" spellcheck="false"></textarea>
    <button id="bundle-verify" type="button">Verify bundle</button>
    <div id="bundle-verdict" role="status" aria-live="polite"></div>
    <ol id="bundle-checks"></ol>
    <div id="bundle-live"></div>
  </section>
</main>
<script src="/assets/dal-verify.js"></script>
<script src="/assets/verify-page.js"></script>
</body>
</html>
`;

const CSS = `body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#0b3d6b;color:#fff;padding:1.2rem 2rem}header h1{margin:0;font-size:1.4rem}header h1 span{font-weight:400;opacity:.8;font-size:1rem}
main{max-width:60rem;margin:0 auto;padding:1rem 2rem}section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:1rem 1.5rem;margin:1rem 0}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}input,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.4rem}textarea{font-family:ui-monospace,monospace;font-size:.8rem}
button{margin-top:.6rem;padding:.45rem 1rem;font:inherit;background:#0b3d6b;color:#fff;border:0;border-radius:4px;cursor:pointer}
.ok{color:#126b2f}.bad{color:#a4161a}.verdict{font-size:1.2rem;font-weight:700;margin:.8rem 0}
.verdict.ok,.verdict.bad{padding:.6rem .9rem;border-radius:4px;border:2px solid}.verdict.ok{background:#e7f4ea}.verdict.bad{background:#fdeaea}
ol#bundle-checks li{margin:.2rem 0}
.drop-zone{border:2px dashed #7a8794;border-radius:6px;padding:1rem 1.2rem;margin:.6rem 0;background:#fafbfc;text-align:center}.drop-zone.over{border-color:#0b3d6b;background:#e3ecf6}
.drop-zone p{margin:.3rem 0}.drop-zone input[type=file]{width:auto;max-width:100%}.drop-zone input[type=file]:focus-visible{outline:3px solid #0958d9;outline-offset:2px}
.hint{color:#4a5561;font-size:.9rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;word-break:break-all}`;

const SCRIPT = `(function () {
  'use strict';
  // a certificate id (凭证编号) and a query code (查询码) as the API's schema has them
  var ID = /^\\d{6}-\\d{4}-(\\d{6}|A[0-9A-HJKMNP-TV-Z]{10})$/i;
  var CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/i;
  var ID_HELP = 'a certificate id (凭证编号) looks like 321200-2026-000001';
  var CODE_HELP = 'a query code (查询码) is 10 letters and digits, without I, L, O or U';
  var FIELD_NAMES = ${JSON.stringify(FIELD_NAMES)};
  var CHECK_NAMES = ${JSON.stringify(CHECK_NAMES)};
  var PART_NAMES = ${JSON.stringify(PART_NAMES)};
  function el(tag, attrs, text) { var e = document.createElement(tag); for (var k in attrs || {}) e.setAttribute(k, attrs[k]); if (text !== undefined) e.textContent = text; return e; }
  // a key no table names is spelt out (fooBarBaz → Foo bar baz), never shown raw
  function spelt(k) { var w = String(k).replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase(); return w.charAt(0).toUpperCase() + w.slice(1); }
  function fieldName(k) { return FIELD_NAMES[k] || spelt(k); }
  function checkName(n) { return CHECK_NAMES[n] || spelt(n); }
  function english(label) { var i = label.indexOf(' · '); return i < 0 ? label : label.slice(i + 3); }
  function valueText(k, v) {
    if (typeof v === 'boolean') return v ? '是 · yes' : '否 · no';
    if (k === 'reason') return reasonText(v);
    if (k === 'encumbrances') return v.map(function (e) { return (ENCUMBRANCES[e.kind] || e.kind) + (e.reference ? ', ' + e.reference : ''); }).join('; ') || '无 · none';
    if (k === 'issuer' && v && typeof v === 'object') return [v.nameZh, v.name].filter(Boolean).join(' / ') + ' (' + [v.mspId, v.cityCode].filter(Boolean).join(', ') + ')';
    if (Array.isArray(v)) return v.map(function (x) { return valueText('', x); }).join('; ') || '无 · none';
    if (v && typeof v === 'object') return Object.keys(v).filter(function (n) { return v[n] !== undefined && v[n] !== null; }).map(function (n) { return english(fieldName(n)) + ': ' + valueText(n, v[n]); }).join(', ');
    return String(v);
  }
  function facts(target, obj) {
    var dl = el('dl');
    Object.keys(obj).forEach(function (k) {
      var v = obj[k]; if (v === undefined || v === null) return;
      dl.appendChild(el('dt', { 'data-field': k }, fieldName(k))); dl.appendChild(el('dd', {}, valueText(k, v)));
    });
    target.appendChild(dl);
  }
  // The API's validation errors name schema patterns and JSON pointers: say what they mean instead.
  function humanProblem(body, status) {
    var first = ((body && body.errors) || [])[0] || {};
    if (first.parameter === 'queryCode') return 'That is not a query code: ' + CODE_HELP + '.';
    if (first.parameter === 'id') return 'That is not a certificate id: ' + ID_HELP + '.';
    var detail = String(first.detail || (body && (body.detail || body.title)) || ('HTTP ' + status));
    var missing = /^\\/([^ ]+) is required$/.exec(detail);
    if (missing) return 'This is not a complete certificate bundle or provenance dossier: it has no ' + english(PART_NAMES[missing[1]] || spelt(missing[1])) + ' part.';
    return detail
      .replace(/ *must match (pattern|format) "[^"]*"/g, ' is not in the form it should be')
      .replace(/\\/([A-Za-z@][^ ]*)/g, function (_, ptr) { return '“' + english(PART_NAMES[ptr.split('/')[0]] || spelt(ptr.split('/').pop())) + '”'; });
  }
  function problemOf(res) { return res.json().then(function (body) { if (!res.ok) throw new Error(humanProblem(body, res.status)); return body; }, function () { if (!res.ok) throw new Error('the gateway answered HTTP ' + res.status); throw new Error('the gateway’s answer was not readable'); }); }
  async function lookup(q) {
    if (!ID.test(q) && !CODE.test(q)) throw new Error('That is neither a certificate id nor a query code: ' + ID_HELP + ', and ' + CODE_HELP + '.');
    var path = ID.test(q) ? '/api/v1/certificates/' + encodeURIComponent(q.toUpperCase()) + '/verification' : '/api/v1/verification/' + encodeURIComponent(q.toUpperCase());
    return problemOf(await fetch(path, { headers: { accept: 'application/json' } }));
  }
  // The verdict's reasons (gateway/src/verification/verdict.ts), named in Chinese and English.
  var REASONS = {
    'proof-failed': 'the bundle failed verification (核验未通过)',
    'not-found': 'no such certificate on the ledger (不存在)',
    'not-issued': 'not issued yet (未发证)',
    'rejected': 'the application was rejected (已驳回)',
    'revoked': 'revoked (已撤销)',
    'cancelled': 'cancelled (已注销)',
    'expired': 'expired (已过期)'
  };
  function reasonText(reason) { return REASONS[reason] || reason || 'unknown'; }
  // Active encumbrances (docs/encumbrances.md): they stop the asset moving, not holding, so they stand beside a green verdict.
  var ENCUMBRANCES = { pledge: 'pledged (已质押)', dispute: 'in dispute (争议中)', judicial_freeze: 'judicially frozen (司法冻结)' };
  function encumbranceText(v) {
    var list = (v && v.encumbrances) || (v && v.pledged ? [{ kind: 'pledge' }] : []);
    if (!list.length) return '';
    return ' — encumbered: ' + list.map(function (e) { return (ENCUMBRANCES[e.kind] || e.kind) + (e.reference ? ', ' + e.reference : ''); }).join('; ');
  }
  document.getElementById('lookup-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var out = document.getElementById('lookup-result'); out.textContent = 'Checking…';
    lookup(document.getElementById('lookup-input').value.trim()).then(function (v) {
      out.textContent = '';
      out.appendChild(el('div', { class: 'verdict ' + (v.valid ? 'ok' : 'bad'), 'data-valid': String(!!v.valid), 'data-reason': v.reason || '' },
        !v.exists ? '✘ No such certificate (不存在)'
          : v.valid ? '✔ Valid certificate, in force now (有效)' + encumbranceText(v)
          : '✘ Not valid: ' + reasonText(v.reason) + (v.since ? ' since ' + v.since : '')));
      facts(out, v);
    }, function (err) { out.textContent = '✘ ' + err.message; });
  });
  // /v/{queryCode} (a printed certificate's QR code) arrives as /verify?q=…: look it up at once
  var q = new URLSearchParams(window.location.search).get('q');
  if (q) { document.getElementById('lookup-input').value = q; document.getElementById('lookup-form').requestSubmit(); }
  // A file chosen (keyboard: the file field takes Enter or Space) or dropped on the zone is read here, in the browser, and verified at once.
  var MAX_FILE = ${String(MAX_FILE_BYTES)};
  function takeFile(f) {
    var note = document.getElementById('drop-file');
    if (!f) return;
    if (f.size > MAX_FILE) { note.className = 'bad'; note.textContent = '✘ ' + f.name + ' is ' + Math.round(f.size / 1048576) + ' MB: a certificate bundle or dossier is under ' + Math.round(MAX_FILE / 1048576) + ' MB (文件过大).'; return; }
    f.text().then(function (t) {
      note.className = ''; note.textContent = '已载入 · Loaded: ' + f.name + ' (' + Math.max(1, Math.round(f.size / 1024)) + ' KB)';
      document.getElementById('bundle-text').value = t;
      verifyBundle();
    }, function () { note.className = 'bad'; note.textContent = '✘ ' + f.name + ' could not be read (无法读取).'; });
  }
  document.getElementById('bundle-file').addEventListener('change', function (ev) { takeFile(ev.target.files && ev.target.files[0]); });
  var zone = document.getElementById('drop-zone');
  ['dragenter', 'dragover'].forEach(function (t) { zone.addEventListener(t, function (ev) { ev.preventDefault(); ev.dataTransfer.dropEffect = 'copy'; zone.classList.add('over'); }); });
  zone.addEventListener('dragleave', function (ev) { if (!zone.contains(ev.relatedTarget)) zone.classList.remove('over'); });
  zone.addEventListener('drop', function (ev) { ev.preventDefault(); zone.classList.remove('over'); takeFile(ev.dataTransfer.files && ev.dataTransfer.files[0]); });
  // a file dropped beside the zone must not replace the page with the file
  ['dragover', 'drop'].forEach(function (t) { window.addEventListener(t, function (ev) { if (!zone.contains(ev.target)) ev.preventDefault(); }); });
  document.getElementById('bundle-verify').addEventListener('click', function () { verifyBundle(); });
  function checkItem(c) { return el('li', { class: c.ok ? 'ok' : 'bad', 'data-check': c.name, 'data-ok': String(c.ok) }, (c.ok ? '✔ ' : '✘ ') + checkName(c.name) + ': ' + c.detail); }
  function verifyBundle() {
    var verdict = document.getElementById('bundle-verdict'), list = document.getElementById('bundle-checks'), liveOut = document.getElementById('bundle-live');
    verdict.textContent = 'Verifying…'; verdict.className = ''; verdict.removeAttribute('data-valid'); verdict.removeAttribute('data-reason');
    list.textContent = ''; liveOut.textContent = '';
    var bundle;
    var text = document.getElementById('bundle-text').value.trim();
    if (text === '') { verdict.textContent = '✘ Nothing to verify yet: drop the file, choose it, or paste its text (请先提供凭证包).'; return; }
    try { bundle = JSON.parse(text); } catch (e) { verdict.textContent = '✘ This is not a certificate bundle or provenance dossier: they are JSON files, and this text is not JSON (格式错误).'; return; }
    // pin the channel's roots, orderer and registries as this gateway publishes them
    fetch('/verify/trust.json').then(function (res) { if (!res.ok) throw new Error('trust anchors unavailable (HTTP ' + res.status + ')'); return res.json(); }).then(function (trust) {
      return window.DalVerify.verifyDocument(bundle, { trust: trust });
    }).then(function (r) {
      r.checks.forEach(function (c) { list.appendChild(checkItem(c)); });
      // valid = the certificate holds now: the proof AND the ledger's live status; reason says why not
      var settle = function (valid, reason, text) {
        verdict.className = 'verdict ' + (valid ? 'ok' : 'bad');
        verdict.setAttribute('data-reason', reason);
        verdict.setAttribute('data-valid', String(valid));
        verdict.textContent = text;
      };
      if (!r.valid) {
        var failed = r.checks.filter(function (c) { return !c.ok; })[0];
        return settle(false, 'proof-failed', '✘ Not valid: the bundle failed verification (核验未通过) at the check: ' + checkName(failed ? failed.name : 'format'));
      }
      facts(liveOut, r.facts);
      // An invalidated transaction is in its block and signed like any other, and a revocation
      // comes after the bundle: only the ledger knows either, so the verdict waits for the gateway.
      verdict.textContent = 'Offline checks passed; asking the ledger whether the transaction took effect and the certificate still holds…';
      return fetch('/api/v1/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bundle) })
        .then(problemOf)
        .then(function (body) {
          var committed = (body.checks || []).filter(function (c) { return c.name === 'committed-valid'; })[0];
          if (committed) list.appendChild(checkItem(committed));
          var v = body.live;
          if (body.valid === true) {
            settle(true, '', '✔ Valid certificate: the bundle is genuine and the certificate holds now (凭证有效)' + encumbranceText(v) +
              (v && v.changedSinceBundle ? '. But this bundle is out of date (凭证已变更): the certificate changed since it was made, so ask the holder for a fresh bundle before relying on its holders, grade or term.' : ''));
          } else if (body.proofValid !== true) {
            settle(false, 'proof-failed', '✘ Not valid: the bundle failed verification at the ledger (核验未通过) at the check: ' + checkName(body.failedCheck || 'format'));
          } else {
            settle(false, body.reason || '', '✘ Not valid now: certificate ' + reasonText(body.reason) + (v && v.since ? ' since ' + v.since : '') +
              '. The bundle is genuine, but the certificate no longer holds (凭证已失效).');
          }
          if (!v) return;
          liveOut.appendChild(el('p', { class: v.valid ? 'ok' : 'bad', id: 'live-status', 'data-status': v.status || '' }, 'Live status on the ledger now: ' + (v.status || 'unknown') +
            (v.valid ? ' (holds)' : ' (does not hold)') + encumbranceText(v) + ' — checked at ' + v.checkedAt + ', ledger time'));
          if (!r.facts.txId) return; // a provenance dossier proves many transactions, not one latest version
          var current = v.txId === r.facts.txId;
          liveOut.appendChild(el('p', { class: current ? 'ok' : 'bad', id: 'live-current', 'data-current': String(current) }, current
            ? 'The bundle proves the certificate as the ledger holds it now (transaction ' + r.facts.txId + ').'
            : 'The certificate changed since this bundle: the latest write on the ledger is transaction ' + v.txId + '.'));
        }, function (err) { settle(false, 'unchecked', '✘ Not confirmed: offline checks passed, but the ledger could not be asked whether the certificate still holds: ' + err.message); });
    }, function (err) { verdict.textContent = '✘ Verification error: ' + err.message; });
  }
})();`;

/** Serves the page and its assets; the verifier bundle must have been built (npm run build). */
export function verifyPage(options: { readonly trust: () => Promise<ChannelTrust> }): Router {
  const router = Router();
  router.get('/verify/trust.json', (_req, res, next) => {
    options.trust().then((t) => void res.set('Cache-Control', 'max-age=60').json(t), next);
  });
  const send =
    (type: string, body: string) =>
    (_req: Request, res: Response): void => {
      res.type(type).set('Cache-Control', 'no-cache').send(body);
    };
  router.get('/verify', send('html', PAGE));
  router.get('/assets/verify-page.css', send('css', CSS));
  router.get('/assets/verify-page.js', send('js', SCRIPT));
  router.get('/assets/dal-verify.js', (_req, res) => {
    if (!existsSync(VERIFIER_BUNDLE)) {
      res.status(503).type('js').send('/* the browser verifier is not built: run npm run build */');
      return;
    }
    res.type('js').set('Cache-Control', 'no-cache').sendFile(VERIFIER_BUNDLE);
  });
  return router;
}
