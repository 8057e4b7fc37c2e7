/**
 * Chaincode entry point, fabric-samples style: `fabric-chaincode-node start|server` reads
 * `contracts` from the package's `main` and serves each as `<Name>:<Transaction>`.
 */
import { DOMAIN_CONTRACTS } from './contracts/domain-contracts';
import { PlanningContract } from './contracts/planning-contract';

export { CertificateContract } from './contracts/certificate-contract';
export { ConsortiumContract } from './contracts/consortium-contract';
export { GrantContract } from './contracts/grant-contract';
export { MarketContract } from './contracts/market-contract';
export { PlanningContract } from './contracts/planning-contract';
export { PledgeContract } from './contracts/pledge-contract';
export { PublicityContract } from './contracts/publicity-contract';
export { RecognitionContract } from './contracts/recognition-contract';
export { ReadAccessContract } from './contracts/read-access-contract';
export { RegulationContract } from './contracts/regulation-contract';
export { ChaincodeError } from './errors';
export type { ErrorCode } from './errors';

export const contracts: ((typeof DOMAIN_CONTRACTS)[number] | typeof PlanningContract)[] = [...DOMAIN_CONTRACTS, PlanningContract];
