/**
 * The web console (gateway/web, bundled by `npm run build` into build/public/console), served
 * at `/` beside /verify and /api/docs: one HTML page (console-html.ts), its stylesheet and its
 * ES-module chunks.
 * The console talks to the gateway only through the published REST API. Also `/v/{queryCode}`,
 * the address a printed certificate's QR code holds: it opens the public verification page for
 * that query code.
 */
import { Router, type Request, type Response, static as serveStatic } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../http/errors';

/** Where scripts/build-console.ts writes the console (relative to this compiled file). */
export const CONSOLE_BUNDLE = join(__dirname, '..', '..', '..', 'public', 'console');

const QUERY_CODE = /^[0-9A-Za-z]{4,32}$/;

export function consolePage(): Router {
  const router = Router();
  router.get('/', (_req: Request, res: Response) => {
    const html = join(CONSOLE_BUNDLE, 'index.html');
    if (!existsSync(html)) {
      res.status(503).type('text/plain').send('The web console is not built: run npm run build. Meanwhile: /verify, /api/docs.');
      return;
    }
    // written by the build with the chunks the first load needs (console-html.ts); revalidated, since the chunks' names change
    res.type('html').set('Cache-Control', 'no-cache').send(readFileSync(html, 'utf8'));
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
