/**
 * The console's one HTML page, written by `npm run build` (scripts/build-console.ts) next to its
 * bundle: its stylesheet (Ant Design's styles computed at build time, then the console's own) and
 * every ES-module chunk the first load needs announced as a modulepreload, so the browser fetches
 * them together instead of discovering them one import at a time.
 */
export function consoleHtml(preloads: readonly string[]): string {
  const links = preloads.map((href) => `<link rel="modulepreload" href="${href}">`).join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据资产登记与流通平台 · Data Asset Registry</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/console.css">
${links}
</head>
<body>
<div id="root"></div>
<noscript>此控制台需要 JavaScript。无需登录即可 <a href="/verify">查验凭证</a> 或阅读 <a href="/api/docs">API 文档</a>。 · The console needs JavaScript; <a href="/verify">verify a certificate</a> or read the <a href="/api/docs">API documentation</a> without it.</noscript>
<script type="module" src="/console/console.js"></script>
</body>
</html>
`;
}
