/** Shapes of the API's records the pages read (see the OpenAPI document), and shared bits. */
import { Alert, Button, Space } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/** The chaincode's own vocabulary (what the API accepts), not a copy of it. */
export { ASSET_TYPES, CATEGORIES, RIGHT_TYPES } from '../../../../chaincode/src/model/certificate';
export { DELIVERY_METHODS } from '../../../../chaincode/src/model/market';

export interface Certificate {
  readonly id: string;
  readonly applicationId: string;
  readonly registry: string;
  readonly assetType?: string;
  readonly name?: string;
  readonly description?: string;
  readonly source?: string;
  readonly category?: string;
  readonly grade?: string;
  readonly containsPersonalInfo?: boolean;
  readonly fingerprint: string;
  readonly rights: readonly { type: string; holder: string }[];
  readonly status: string;
  readonly effectiveStatus?: string;
  readonly publicityEndsAt?: string;
  readonly issuedAt?: string;
  readonly expiresAt?: string;
  readonly queryCode?: string;
  readonly parentGrants?: readonly { certificateId: string; grantId: string }[];
  readonly objections?: readonly Objection[];
  readonly txId?: string;
  readonly blockNumber?: number;
}

export interface Objection {
  readonly id: string;
  readonly certificateId: string;
  readonly reason?: string;
  readonly status: string;
}

export interface Listing {
  readonly id: string;
  readonly certificateId: string;
  readonly exchange: string;
  readonly seller: string;
  readonly askingPriceFen: number;
  readonly exchangeFeeBps?: number;
  readonly terms: { purposes: string[]; termDays: number; deliveryMethod: string; maxUses?: number };
  readonly status: string;
  readonly listedAt?: string;
}

export interface Order {
  readonly id: string;
  readonly listingId: string;
  readonly certificateId: string;
  readonly exchange: string;
  readonly seller: string;
  readonly buyer: string;
  readonly askingPriceFen: number;
  readonly status: string;
  readonly disclosureConsent?: string[];
  readonly settlement?: { priceFen?: number; payouts?: Payout[]; settledAt?: string; disclosed?: boolean };
  readonly updatedAt?: string;
  readonly txId?: string;
  readonly blockNumber?: number;
}

export interface Payout {
  readonly payee: string;
  readonly kind: string;
  readonly bps: number;
  readonly fen: number;
  readonly grantId?: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly bookmark: string;
}

export function PageHeader(props: { readonly title: string; readonly onRefresh?: () => void; readonly extra?: ReactNode }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="page-header">
      <h1 className="page-title">{props.title}</h1>
      <Space>
        {props.extra}
        {props.onRefresh && <Button onClick={props.onRefresh}>{t('common.refresh')}</Button>}
      </Space>
    </div>
  );
}

export function LoadError(props: { readonly error: Error | undefined }): ReactNode {
  return props.error ? <Alert type="error" showIcon message={props.error.message} role="alert" /> : null;
}
