/**
 * The web console (gateway/web, bundled by `npm run build` into build/public/console), served
 * at `/` beside /verify and /api/docs: one HTML page, its stylesheet and its ES-module chunks.
 * The console talks to the gateway only through the published REST API. Also `/v/{queryCode}`,
 * the address a printed certificate's QR code holds: it opens the public verification page for
 * that query code.
 */
import { Router, type Request, type Response, static as serveStatic } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../http/errors';

/** Where scripts/build-console.ts writes the console (relative to this compiled file). */
export const CONSOLE_BUNDLE = join(__dirname, '..', '..', '..', 'public', 'console');

const QUERY_CODE = /^[0-9A-Za-z]{4,32}$/;

export const CONSOLE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据资产登记与流通平台 · Data Asset Registry</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/console.css">
<link rel="modulepreload" href="/console/console.js">
</head>
<body>
<div id="root"></div>
<noscript>此控制台需要 JavaScript。无需登录即可 <a href="/verify">查验凭证</a> 或阅读 <a href="/api/docs">API 文档</a>。 · The console needs JavaScript; <a href="/verify">verify a certificate</a> or read the <a href="/api/docs">API documentation</a> without it.</noscript>
<script type="module" src="/console/console.js"></script>
</body>
</html>
`;

export function consolePage(): Router {
  const router = Router();
  router.get('/', (_req: Request, res: Response) => {
    if (!existsSync(join(CONSOLE_BUNDLE, 'console.js'))) {
      res.status(503).type('text/plain').send('The web console is not built: run npm run build. Meanwhile: /verify, /api/docs.');
      return;
    }
    res.type('html').set('Cache-Control', 'no-cache').send(CONSOLE_HTML);
  });
  // browsers ask for it on every page (/verify, /api/docs too): no icon, rather than a 404 in their consoles
  router.get('/favicon.ico', (_req: Request, res: Response) => void res.status(204).end());
  router.get('/v/:queryCode', (req: Request, res: Response) => {
    const code = req.params['queryCode'];
    if (typeof code !== 'string' || !QUERY_CODE.test(code)) throw new InputError('a query code (查询码) is 4 to 32 letters and digits');
    res.redirect(302, `/verify?q=${encodeURIComponent(code.toUpperCase())}`);
  });
  // chunk names carry a content hash; the entry and the stylesheet keep their names, so are revalidated
  router.use('/console/chunks', serveStatic(join(CONSOLE_BUNDLE, 'chunks'), { immutable: true, maxAge: '365d', fallthrough: true }));
  router.use('/console', serveStatic(CONSOLE_BUNDLE, { maxAge: 0, index: false, fallthrough: true }));
  return router;
}
