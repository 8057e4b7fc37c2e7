/** The helper every HTTP test's gateway answers through (support/response-check.ts) catches what does not match the document. */
import { expect } from 'chai';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { responseCheck } from './support/response-check';

const DOCUMENT = {
  paths: {
    '/api/v1/things/{id}': {
      get: {
        operationId: 'getThing',
        responses: {
          200: { description: 'A thing.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          404: { $ref: '#/components/responses/Problem404' },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^T-[0-9]+$' } } },
      Problem: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
    },
    responses: { Problem404: { description: 'No such thing.', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
  },
};

describe('the response check of HTTP tests', function () {
  let server: Server;
  let url: string;
  const check = responseCheck(DOCUMENT);
  before(async function () {
    const app = express().use(check.middleware);
    app.get('/api/v1/things/:id', (req, res) => {
      if (req.params.id === 'missing') res.status(404).type('application/problem+json').send(JSON.stringify({ code: 'not_found' }));
      else if (req.params.id === 'teapot') res.status(418).json({ id: 'T-1' });
      else res.json({ id: req.params.id });
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server?.close());

  it('passes answers that match the schema published for their status, and names each that does not', async function () {
    for (const id of ['T-7', 'missing', 'wrong', 'teapot']) await (await fetch(`${url}/api/v1/things/${id}`)).text();
    expect([...check.checked].sort()).to.deep.equal(['getThing 200', 'getThing 404']);
    expect(check.failures).to.have.length(2);
    expect(check.failures[0]).to.match(/^GET \/api\/v1\/things\/wrong → 200: the body does not match #\/components\/schemas\/Thing: data\/id must match pattern/);
    expect(check.failures[1]).to.match(/^GET \/api\/v1\/things\/teapot → 418: status 418 is not listed for getThing/);
  });
});
