/**
 * The rendered API documentation at /api/docs: Swagger UI (swagger-ui-dist, served from
 * node_modules so the page works offline) pointed at /api/openapi.json. Only the files the
 * page needs are exposed, not the whole package (its index.html would load a demo API).
 */
import { dirname } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { NotFoundError } from '../http/errors';

const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-16x16.png', 'favicon-32x32.png']);
const ASSET_ROOT = dirname(require.resolve('swagger-ui-dist/package.json'));

export const DOCS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Data Asset Ledger API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;

// A separate script rather than an inline one, so a strict Content-Security-Policy can be added in front.
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

/** The page's static files: `/api/docs/init.js` and `/api/docs/assets/<file>`. */
export function docsAssets(): Router {
  const router = Router();
  router.get('/api/docs/init.js', (_req: Request, res: Response) => {
    res.type('text/javascript').set('Cache-Control', 'no-cache').send(INIT_SCRIPT);
  });
  router.get('/api/docs/assets/:file', (req: Request, res: Response) => {
    const file = req.params['file'];
    if (typeof file !== 'string' || !ASSETS.has(file)) throw new NotFoundError(`no documentation asset ${String(file)}`);
    res.sendFile(file, { root: ASSET_ROOT, maxAge: '1h' });
  });
  return router;
}
