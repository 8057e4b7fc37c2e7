/** The OpenAPI document and its rendered page, outside /api/v1 (api.md). */
import { DOCS_PAGE_HTML } from '../openapi/docs-page';
import type { RouteDefinition } from './route';

/** `document` is built once by the app from every route, these two included. */
export function docsRoutes(document: () => unknown): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/openapi.json',
      access: 'public',
      operationId: 'getOpenApiDocument',
      tag: 'documentation',
      summary: 'This OpenAPI 3.1 document',
      responses: { 200: { description: 'The OpenAPI document; the full truth of the API.' } },
      handler: () => ({ body: document() }),
    },
    {
      method: 'get',
      path: '/api/docs',
      access: 'public',
      operationId: 'getApiDocs',
      tag: 'documentation',
      summary: 'The OpenAPI document rendered as a browsable page',
      responses: { 200: { description: 'An HTML page (Swagger UI).', contentType: 'text/html' } },
      handler({ res }) {
        res.type('html').send(DOCS_PAGE_HTML);
        return undefined;
      },
    },
  ];
}
