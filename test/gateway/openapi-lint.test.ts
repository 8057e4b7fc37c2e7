/**
 * The served OpenAPI document passes Redocly's `recommended` ruleset (the rules of
 * `redocly lint`), run through its engine @redocly/openapi-core in-process: no CLI, so no
 * telemetry, and the document has no external $ref, so nothing is fetched.
 */
import { expect } from 'chai';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { startGateway, type TestGateway } from './support/start-gateway';

describe('the served OpenAPI document', function () {
  let gw: TestGateway;
  before(async function () {
    gw = await startGateway();
  });
  after(async () => gw?.close());

  it('passes Redocly’s recommended rules with no error and no warning', async function () {
    const source = await (await fetch(`${gw.url}/api/openapi.json`)).text();
    const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config: await createConfig({ extends: ['recommended'] }) });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    expect(found).to.deep.equal([]);
  });
});
