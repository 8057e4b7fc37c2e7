/**
 * Chaincode entry point, fabric-samples style: `fabric-chaincode-node start|server` reads
 * `contracts` from the package's `main` and serves each as `<Name>:<Transaction>`.
 */
import { CertificateContract } from './contracts/certificate-contract';
import { ConsortiumContract } from './contracts/consortium-contract';
import { GrantContract } from './contracts/grant-contract';
import { MarketContract } from './contracts/market-contract';
import { PlanningContract } from './contracts/planning-contract';
import { RecognitionContract } from './contracts/recognition-contract';
import { RegulationContract } from './contracts/regulation-contract';

export { CertificateContract } from './contracts/certificate-contract';
export { ConsortiumContract } from './contracts/consortium-contract';
export { GrantContract } from './contracts/grant-contract';
export { MarketContract } from './contracts/market-contract';
export { PlanningContract } from './contracts/planning-contract';
export { RecognitionContract } from './contracts/recognition-contract';
export { RegulationContract } from './contracts/regulation-contract';
export { ChaincodeError } from './errors';
export type { ErrorCode } from './errors';

export const contracts: (
  | typeof ConsortiumContract
  | typeof CertificateContract
  | typeof RecognitionContract
  | typeof GrantContract
  | typeof RegulationContract
  | typeof MarketContract
  | typeof PlanningContract
)[] = [ConsortiumContract, CertificateContract, RecognitionContract, GrantContract, RegulationContract, MarketContract, PlanningContract];
