/** The HTTP scenario (http-scenario.ts) against a gateway over the embedded backend with the dal chaincode. */
import { startGateway } from '../gateway/support/start-gateway';
import { DAL_CHAINCODE } from '../support/test-network';
import { defineHttpScenario } from './http-scenario';

defineHttpScenario('gateway over the embedded backend', async () => {
  const gw = await startGateway({ chaincode: DAL_CHAINCODE });
  return { url: gw.url, backend: 'embedded', apiKey: (name) => gw.apiKey(name), close: () => gw.close() };
});
