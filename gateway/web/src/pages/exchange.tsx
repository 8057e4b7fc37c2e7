/** The exchange operator's pages: its listings, the order pipeline as a board, settlement with the split shown first. */
import { Alert, Button, Card, Checkbox, Col, Descriptions, Empty, Modal, Row, Spin, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { allPages, api, ApiError } from '../api';
import { useWrite } from '../components/feedback';
import { useLoad } from '../components/use-load';
import { CertLink, Code, Money, StatusTag, Time } from '../components/values';
import { bpsPercent } from '../format';
import { useFeed } from '../feed';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { ResolveButton } from './order-actions';
import { LoadError, PageHeader, type Listing, type Order, type Payout } from './common';
import { previewSplit } from './revenue-preview';

export function ExchangeListings(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const listings = useLoad(() => allPages<Listing>('/listings', { exchange: me.mspId }), [me.mspId]);
  return (
    <>
      <PageHeader title={t('exchange.listings.title')} onRefresh={listings.reload} />
      <LoadError error={listings.error} />
      <Table<Listing>
        rowKey="id"
        loading={listings.loading}
        dataSource={listings.data ?? []}
        columns={[
          { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('field.certificateId'), dataIndex: 'certificateId' },
          { title: t('field.seller'), dataIndex: 'seller' },
          { title: t('field.askingPrice'), dataIndex: 'askingPriceFen', render: (fen: number) => <Money fen={fen} /> },
          { title: t('field.exchangeFee'), dataIndex: 'exchangeFeeBps', render: (bps?: number) => (bps === undefined ? '—' : bpsPercent(bps)) },
          { title: t('field.purposes'), key: 'purposes', render: (_, l) => l.terms.purposes.join(', ') },
          { title: t('field.termDays'), key: 'term', render: (_, l) => l.terms.termDays },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          { title: t('common.time'), dataIndex: 'listedAt', render: (v?: string) => <Time iso={v} /> },
        ]}
      />
    </>
  );
}

/** The board's columns, left to right, and the order statuses each holds. */
const COLUMNS: readonly { key: MessageKey; statuses: readonly string[] }[] = [
  { key: 'exchange.col.offered', statuses: ['offered', 'countered'] },
  { key: 'exchange.col.accepted', statuses: ['agreed'] },
  { key: 'exchange.col.delivered', statuses: ['delivered'] },
  { key: 'exchange.col.confirmed', statuses: ['confirmed', 'resolved'] },
  { key: 'exchange.col.settled', statuses: ['settled', 'refunded'] },
  { key: 'exchange.col.disputed', statuses: ['disputed'] },
];

interface Terms {
  readonly agreedFrom?: 'offer' | 'counter';
  readonly offer?: { salt: string; value: { price: number } };
  readonly counter?: { salt: string; value: { price: number } };
}

function SettleDialog(props: { readonly order: Order; readonly onClose: () => void }): ReactNode {
  const { t } = useI18n();
  const { order } = props;
  const { busy, run } = useWrite();
  const [disclose, setDisclose] = useState(false);
  const prepared = useLoad(async () => {
    const terms = await api<Terms>(`/orders/${encodeURIComponent(order.id)}/terms`);
    const agreed = terms.agreedFrom ? terms[terms.agreedFrom] : undefined;
    if (!agreed) throw new Error(t('exchange.noTerms'));
    return { price: agreed.value.price, salt: agreed.salt, split: await previewSplit(order, agreed.value.price) };
  }, [order.id]);
  const consents = order.disclosureConsent?.length ?? 0;
  const settle = async (): Promise<void> => {
    if (!prepared.data) return;
    const { price, salt } = prepared.data;
    const body = { price, salt, ...(disclose ? { disclosePrice: true } : {}) };
    if (
      await run(
        () => api(`/orders/${encodeURIComponent(order.id)}/settle`, { body }),
        () => t('exchange.settled', { id: order.id }),
      )
    )
      props.onClose();
  };
  const error = prepared.error instanceof ApiError && prepared.error.status === 403 ? new Error(t('exchange.noTerms')) : prepared.error;
  return (
    <Modal
      open
      title={t('exchange.settleTitle', { id: order.id })}
      onCancel={props.onClose}
      onOk={() => void settle()}
      okText={t('exchange.settle')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !prepared.data, loading: busy, id: 'settle-confirm' }}
      width={720}
    >
      <LoadError error={error} />
      {prepared.loading && <Spin />}
      {prepared.data && (
        <>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('exchange.agreedPrice')}>
              <Money fen={prepared.data.price} />
            </Descriptions.Item>
            <Descriptions.Item label={t('field.certificateId')}>{order.certificateId}</Descriptions.Item>
          </Descriptions>
          <h3>{t('exchange.split')}</h3>
          <Table<Payout>
            id="settle-split"
            size="small"
            rowKey={(p) => `${p.kind}:${p.payee}:${p.grantId ?? ''}`}
            pagination={false}
            dataSource={prepared.data.split}
            columns={[
              { title: t('exchange.payee'), dataIndex: 'payee' },
              { title: t('exchange.kind'), dataIndex: 'kind', render: (k: string) => t(`exchange.kind.${k}` as MessageKey) },
              { title: t('exchange.share'), dataIndex: 'bps', render: (bps: number) => bpsPercent(bps) },
              { title: t('exchange.amount'), dataIndex: 'fen', align: 'right', render: (fen: number) => <Money fen={fen} /> },
            ]}
          />
          <Checkbox checked={disclose} disabled={consents < 2} onChange={(e) => setDisclose(e.target.checked)} id="settle-disclose">
            {t('exchange.disclose')} — {t('exchange.consents', { n: consents })}
          </Checkbox>
        </>
      )}
    </Modal>
  );
}

function OrderCard(props: { readonly order: Order; readonly onSettle?: () => void }): ReactNode {
  const { t } = useI18n();
  const o = props.order;
  return (
    <Card size="small" className="order-card" data-order={o.id} data-status={o.status}>
      <Typography.Text strong className="mono">
        {o.id}
      </Typography.Text>
      <div>
        <CertLink id={o.certificateId} />
      </div>
      <div>
        {t('field.askingPrice')}: <Money fen={o.askingPriceFen} />
      </div>
      {o.settlement?.priceFen !== undefined && (
        <div>
          {t('exchange.amount')}: <Money fen={o.settlement.priceFen} />
        </div>
      )}
      <StatusTag status={o.status} />
      {o.settlement?.settledAt !== undefined && <Time iso={o.settlement.settledAt} />}
      {o.status === 'disputed' && (
        <div className="resolve-action">
          {/* the board follows the ledger's feed: the resolved order moves column by itself */}
          <ResolveButton order={o} onDone={() => undefined} />
        </div>
      )}
      {props.onSettle && (
        <Button type="primary" size="small" block onClick={props.onSettle} className="settle-button">
          {t('exchange.settle')}
        </Button>
      )}
    </Card>
  );
}

export function OrderBoard(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const orders = useFeed<Order>('order').filter((o) => o.exchange === me.mspId);
  const [settling, setSettling] = useState<Order | undefined>();
  return (
    <>
      <PageHeader title={t('exchange.board.title')} />
      <Typography.Paragraph type="secondary">{t('market.feedNote')}</Typography.Paragraph>
      <Row gutter={12} wrap={false} className="order-board">
        {COLUMNS.map((column) => {
          const here = orders.filter((o) => column.statuses.includes(o.status));
          return (
            <Col key={column.key} flex="1 1 0" className="board-column" data-column={column.key.split('.').pop()}>
              <h2 className="board-heading">
                {t(column.key)} <Tag>{here.length}</Tag>
              </h2>
              {here.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
              ) : (
                here.map((o) => <OrderCard key={o.id} order={o} {...(o.status === 'confirmed' ? { onSettle: () => setSettling(o) } : {})} />)
              )}
            </Col>
          );
        })}
      </Row>
      {orders.length === 0 && <Alert type="info" showIcon message={t('common.empty')} />}
      {settling && <SettleDialog order={settling} onClose={() => setSettling(undefined)} />}
    </>
  );
}
