/** The few lines printed when the gateway is up: where it is and how to make a first call. */
import type { DemoBootstrap } from './bootstrap-demo';

export interface BannerFacts {
  readonly url: string;
  readonly backend: string;
  readonly height: number;
  readonly demo?: DemoBootstrap;
}

/** The name whose key the example curl uses: a holder is the most typical first caller. */
const EXAMPLE_IDENTITY = 'enterprise-a';

export function banner(facts: Readonly<BannerFacts>): string {
  const lines = [
    `Data Asset Ledger gateway listening on ${facts.url}`,
    `  web console:    ${facts.url}/   (sign in with an API key from the demo credentials below)`,
    `  ledger backend: ${facts.backend}, height ${facts.height}`,
    `  API docs:       ${facts.url}/api/docs`,
    `  verify page:    ${facts.url}/verify   (public: certificate lookup and bundle check)`,
  ];
  if (facts.demo) {
    const name = facts.demo.credentials[EXAMPLE_IDENTITY] ? EXAMPLE_IDENTITY : Object.keys(facts.demo.credentials)[0];
    lines.push(`  demo API keys:  ${facts.demo.file}${facts.demo.created ? ' (created now)' : ''}`);
    if (name !== undefined) {
      // The key is read from the file rather than printed, so it does not end up in logs.
      const key = `$(node -p 'require(${JSON.stringify(facts.demo.file)})[${JSON.stringify(name)}].apiKey')`;
      lines.push(`  try:            curl -H "Authorization: Bearer ${key}" ${facts.url}/api/v1/me`);
    }
  }
  return lines.join('\n');
}
