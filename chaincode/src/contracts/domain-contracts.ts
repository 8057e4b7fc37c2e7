/**
 * The contracts that hold the domain's transactions, in one list: the chaincode serves them
 * (index.ts, with the Planning contract) and `Planning:EndorsementPlan` plans their submit
 * transactions (planning-contract.ts). A new aggregate's contract is added here only.
 */
import { CertificateContract } from './certificate-contract';
import { ConsortiumContract } from './consortium-contract';
import { GrantContract } from './grant-contract';
import { MarketContract } from './market-contract';
import { PledgeContract } from './pledge-contract';
import { PublicityContract } from './publicity-contract';
import { ReadAccessContract } from './read-access-contract';
import { RecognitionContract } from './recognition-contract';
import { RegulationContract } from './regulation-contract';

export const DOMAIN_CONTRACTS = [ConsortiumContract, CertificateContract, RecognitionContract, GrantContract, RegulationContract, MarketContract, PledgeContract, PublicityContract, ReadAccessContract] as const;
