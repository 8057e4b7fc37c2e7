/** A holder's pages: applications and certificates, the apply form, grants with their uses, listings and orders. */
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Radio, Select, Space, Switch, Table, Tabs, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { allPages, api } from '../api';
import { useWrite } from '../components/feedback';
import { useLoad } from '../components/use-load';
import { CertLink, Code, Money, StatusTag, Time } from '../components/values';
import { useFeed } from '../feed';
import { fenOf } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { navigate } from '../route';
import { useSession } from '../session';
import { OfferButton, PartyOrderActions } from './order-actions';
import { ASSET_TYPES, CATEGORIES, DELIVERY_METHODS, LoadError, PageHeader, RIGHT_TYPES, type Certificate, type Listing, type Order, type Page } from './common';

export function HolderCertificates(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const certs = useLoad(() => (me.entity ? allPages<Certificate>('/certificates', { holder: me.entity }) : Promise.resolve([])), [me.entity]);
  return (
    <>
      <PageHeader title={t('holder.certificates.title')} onRefresh={certs.reload} />
      <LoadError error={certs.error} />
      <Table<Certificate>
        rowKey="id"
        loading={certs.loading}
        dataSource={certs.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('field.certificateId'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('field.category'), dataIndex: 'category', render: (c: string) => t(`category.${c}` as MessageKey) },
          { title: t('common.status'), key: 'status', render: (_, c) => <StatusTag status={c.effectiveStatus ?? c.status} /> },
          { title: t('field.issuedAt'), dataIndex: 'issuedAt', render: (v?: string) => <Time iso={v} /> },
          { title: t('field.expiresAt'), dataIndex: 'expiresAt', render: (v?: string) => <Time iso={v} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, c) =>
              c.status === 'issued' ? (
                <Space>
                  <a href={`#/print/${encodeURIComponent(c.id)}`}>{t('holder.print')}</a>
                  {c.queryCode !== undefined && <a href={`/v/${encodeURIComponent(c.queryCode)}`}>{t('holder.verify')}</a>}
                  <a href={`#/holder/pledge/${encodeURIComponent(c.id)}`} data-action="pledge" data-id={c.id}>
                    {t('holder.pledge')}
                  </a>
                </Space>
              ) : null,
          },
        ]}
      />
    </>
  );
}

/** A checkbox group needs one ticked; a validator rather than `required`, which would put aria-required on a plain group. */
export function atLeastOne(label: string): { validator: (_: unknown, v: unknown) => Promise<void> } {
  return { validator: (_, v) => (Array.isArray(v) && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(label))) };
}

/** A select needs a value; a validator rather than `required`, which would put aria-required on the select's wrapper. */
function chosen(label: string): { validator: (_: unknown, v: unknown) => Promise<void> } {
  return { validator: (_, v) => (typeof v === 'string' && v !== '' ? Promise.resolve() : Promise.reject(new Error(label))) };
}

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

interface ApplyValues {
  assetType: string;
  name: string;
  description?: string;
  source: string;
  category: string;
  grade: string;
  containsPersonalInfo: boolean;
  fingerprint: string;
  rights: string[];
  parents?: string;
}

export function ApplyForm(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const [form] = Form.useForm<ApplyValues>();
  const { busy, run } = useWrite();
  const [hashing, setHashing] = useState<string | undefined>();
  const [applied, setApplied] = useState<Certificate | undefined>();
  const entity = me.entity ?? '';
  const onFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setHashing(t('apply.computing'));
    const hex = await sha256Hex(file);
    form.setFieldValue('fingerprint', hex);
    void form.validateFields(['fingerprint']);
    setHashing(t('apply.fingerprintOf', { file: file.name, size: file.size }));
  };
  const submit = async (v: ApplyValues): Promise<void> => {
    const parents = (v.parents ?? '')
      .split(/[,，\s]+/)
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const body = {
      registry: me.mspId,
      assetType: v.assetType,
      name: v.name,
      ...(v.description ? { description: v.description } : {}),
      source: v.source,
      category: v.category,
      grade: v.grade,
      containsPersonalInfo: v.containsPersonalInfo,
      fingerprint: v.fingerprint,
      rights: v.rights.map((type) => ({ type, holder: entity })),
      ...(parents.length > 0 ? { parents } : {}),
    };
    const answer = await run(
      () => api<Certificate>('/certificates', { body, idempotencyKey: `apply-${v.fingerprint}` }),
      (c) => t('apply.submitted', { id: c.id }),
    );
    if (answer) setApplied(answer);
  };
  return (
    <>
      <PageHeader title={t('apply.title')} />
      {applied && (
        <Alert
          type="success"
          showIcon
          role="status"
          id="apply-result"
          data-id={applied.id}
          message={t('apply.submitted', { id: applied.id })}
          description={t('common.txInfo', { txId: applied.txId ?? '', block: applied.blockNumber ?? '' })}
          action={<Button onClick={() => navigate('/holder/certificates')}>{t('nav.holder.certificates')}</Button>}
        />
      )}
      <Card className="form-card">
        <Form<ApplyValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          name="apply"
          id="apply-form"
          initialValues={{
            assetType: 'resource',
            source: 'enterprise',
            category: 'manufacturing',
            grade: 'general',
            containsPersonalInfo: false,
            rights: ['holding', 'processing', 'operating'],
          }}
        >
          <Form.Item label={t('field.registry')} htmlFor="apply-registry">
            <Input value={me.mspId} disabled id="apply-registry" />
          </Form.Item>
          <Form.Item label={t('common.name')} name="name" rules={[{ required: true, whitespace: true, max: 256 }]}>
            <Input />
          </Form.Item>
          <Form.Item label={t('field.description')} name="description" rules={[{ max: 4000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item label={t('field.assetType')} name="assetType">
              <Radio.Group options={ASSET_TYPES.map((v) => ({ value: v, label: t(`assetType.${v}`) }))} />
            </Form.Item>
            <Form.Item label={t('field.source')} name="source">
              <Radio.Group options={(['enterprise', 'public', 'personal'] as const).map((v) => ({ value: v, label: t(`source.${v}`) }))} />
            </Form.Item>
            <Form.Item label={t('field.grade')} name="grade">
              <Radio.Group options={(['general', 'important'] as const).map((v) => ({ value: v, label: t(`grade.${v}`) }))} />
            </Form.Item>
          </Space>
          <Space wrap size="large">
            <Form.Item label={t('field.category')} name="category">
              <Select style={{ width: 200 }} options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
            </Form.Item>
            <Form.Item label={t('field.personalInfo')} name="containsPersonalInfo" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item label={t('apply.file')} extra={t('apply.fileHint')} htmlFor="apply-file">
            <input id="apply-file" type="file" onChange={(e) => void onFile(e.target.files?.[0])} />
          </Form.Item>
          <Form.Item
            label={t('field.fingerprint')}
            name="fingerprint"
            extra={hashing}
            rules={[{ required: true, pattern: /^[0-9a-f]{64}$/, message: t('field.fingerprint') + ': 64 hex' }]}
          >
            <Input className="mono" />
          </Form.Item>
          <Form.Item label={t('field.rights')} name="rights" extra={t('apply.rightsHint', { entity })} rules={[atLeastOne(t('field.rights'))]}>
            <Checkbox.Group options={RIGHT_TYPES.map((v) => ({ value: v, label: t(`right.${v}`) }))} />
          </Form.Item>
          <Form.Item label={t('apply.parents')} name="parents">
            <Input placeholder="321200-2026-000001" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} id="apply-submit">
            {t('common.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}

interface Grant {
  readonly id: string;
  readonly assetId: string;
  readonly type: string;
  readonly grantor: string;
  readonly grantee: string;
  readonly rights: string[];
  readonly purposes?: string[];
  readonly validTo?: string;
  readonly fee?: number;
  readonly maxUses?: number;
  readonly usesCount?: number;
  readonly status: string;
  readonly effectiveStatus?: string;
}

interface Usage {
  readonly id: string;
  readonly purpose: string;
  readonly quantity?: number;
  readonly sequence?: number;
  readonly recordedAt?: string;
}

function Usages(props: { readonly grantId: string }): ReactNode {
  const { t } = useI18n();
  const usages = useLoad(() => api<Page<Usage>>(`/grants/${encodeURIComponent(props.grantId)}/usages`, { query: { limit: 100 } }), [props.grantId]);
  return (
    <Table<Usage>
      size="small"
      rowKey="id"
      loading={usages.loading}
      dataSource={usages.data?.items ?? []}
      locale={{ emptyText: t('grants.noUsages') }}
      pagination={false}
      columns={[
        { title: t('grants.sequence'), dataIndex: 'sequence' },
        { title: t('field.purpose'), dataIndex: 'purpose' },
        { title: t('grants.quantity'), dataIndex: 'quantity' },
        { title: t('common.time'), dataIndex: 'recordedAt', render: (v?: string) => <Time iso={v} /> },
      ]}
    />
  );
}

function GrantTable(props: { readonly side: 'grantor' | 'grantee' }): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const grants = useLoad(() => (me.entity ? allPages<Grant>('/grants', { [props.side]: me.entity }) : Promise.resolve([])), [me.entity, props.side]);
  return (
    <>
      <LoadError error={grants.error} />
      <Table<Grant>
        rowKey="id"
        loading={grants.loading}
        dataSource={grants.data ?? []}
        expandable={{ expandedRowRender: (g) => <Usages grantId={g.id} /> }}
        columns={[
          { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('field.certificateId'), dataIndex: 'assetId', render: (id: string) => <CertLink id={id} /> },
          {
            title: props.side === 'grantor' ? t('field.grantee') : t('field.grantor'),
            key: 'party',
            render: (_, g) => (props.side === 'grantor' ? g.grantee : g.grantor),
          },
          { title: t('field.rights'), dataIndex: 'rights', render: (r: string[]) => r.map((x) => t(`right.${x}` as MessageKey)).join('、') },
          { title: t('field.purposes'), dataIndex: 'purposes', render: (p?: string[]) => (p ?? []).join(', ') },
          { title: t('field.fee'), dataIndex: 'fee', render: (fen?: number) => <Money fen={fen} /> },
          { title: t('field.validTo'), dataIndex: 'validTo', render: (v?: string) => <Time iso={v} /> },
          { title: t('common.status'), key: 'status', render: (_, g) => <StatusTag status={g.effectiveStatus ?? g.status} /> },
        ]}
      />
    </>
  );
}

export function HolderGrants(): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('nav.holder.grants')} />
      <Tabs
        items={[
          { key: 'grantor', label: t('grants.asGrantor'), children: <GrantTable side="grantor" /> },
          { key: 'grantee', label: t('grants.asGrantee'), children: <GrantTable side="grantee" /> },
        ]}
      />
    </>
  );
}

interface ListingValues {
  certificateId: string;
  exchange: string;
  price: string;
  purposes: string;
  termDays: number;
  deliveryMethod: string;
}

/** 上架: list the use of an issued certificate whose operating right the signed-in entity holds. */
function ListingForm(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const { busy, run } = useWrite();
  const [form] = Form.useForm<ListingValues>();
  const mine = useLoad(() => (me.entity ? allPages<Certificate>('/certificates', { holder: me.entity, status: 'issued' }) : Promise.resolve([])), [me.entity]);
  const operable = (mine.data ?? []).filter((c) => c.rights.some((r) => r.type === 'operating' && r.holder === me.entity));
  const submit = async (v: ListingValues): Promise<void> => {
    const body = {
      assetId: v.certificateId,
      exchange: v.exchange.trim(),
      askingPriceFen: fenOf(v.price),
      terms: {
        purposes: v.purposes
          .split(/[,，]/)
          .map((p) => p.trim())
          .filter((p) => p !== ''),
        termDays: v.termDays,
        deliveryMethod: v.deliveryMethod,
      },
    };
    if (
      await run(
        () => api<Listing>('/listings', { body }),
        (l) => t('market.listed', { id: l.id }),
      )
    )
      form.resetFields(['certificateId', 'price']);
  };
  return (
    <Card title={<h2 className="card-heading">{t('market.list')}</h2>} className="form-card">
      <Form<ListingValues>
        form={form}
        name="listing"
        layout="vertical"
        onFinish={submit}
        initialValues={{ exchange: 'JiangsuExchangeMSP', termDays: 365, deliveryMethod: 'api' }}
      >
        <Form.Item label={t('field.certificateId')} name="certificateId" rules={[chosen(t('field.certificateId'))]}>
          <Select loading={mine.loading} options={operable.map((c) => ({ value: c.id, label: `${c.id} · ${c.name ?? ''}` }))} />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item label={t('field.exchange')} name="exchange" rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9]*MSP$/ }]}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item
            label={t('market.priceYuan')}
            name="price"
            rules={[
              { validator: (_, v: string | undefined) => ((fenOf(v ?? '') ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('market.priceYuan')))) },
            ]}
          >
            <Input prefix="¥" style={{ width: 180 }} placeholder="1,234.56" />
          </Form.Item>
          <Form.Item label={t('field.termDays')} name="termDays" rules={[{ required: true }]}>
            <InputNumber min={1} max={3650} />
          </Form.Item>
          <Form.Item label={t('market.delivery')} name="deliveryMethod">
            <Select style={{ width: 180 }} options={DELIVERY_METHODS.map((d) => ({ value: d, label: t(`delivery.${d}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item label={t('field.purposes')} name="purposes" rules={[{ required: true, whitespace: true }]} extra={t('market.purposesHint')}>
          <Input placeholder="load-forecasting, credit-scoring" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

export function HolderMarket(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const allListings = useFeed<Listing>('listing');
  const listings = allListings.filter((l) => l.seller === me.entity);
  // others' open listings: what this party may make an offer on (the feed follows the ledger, so no reload)
  const offerable = allListings.filter((l) => l.seller !== me.entity && l.status === 'open');
  const followFeed = (): void => undefined;
  const orders = useFeed<Order>('order').filter((o) => o.seller === me.entity || o.buyer === me.entity);
  return (
    <>
      <PageHeader title={t('nav.holder.market')} />
      <Typography.Paragraph type="secondary">{t('market.feedNote')}</Typography.Paragraph>
      <ListingForm />
      <h2>{t('market.myListings')}</h2>
      <Table<Listing>
        rowKey="id"
        dataSource={listings}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('field.certificateId'), dataIndex: 'certificateId', render: (id: string) => <CertLink id={id} /> },
          { title: t('field.exchange'), dataIndex: 'exchange' },
          { title: t('field.askingPrice'), dataIndex: 'askingPriceFen', render: (fen: number) => <Money fen={fen} /> },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          { title: t('common.time'), dataIndex: 'listedAt', render: (v?: string) => <Time iso={v} /> },
        ]}
      />
      <h2>{t('market.openListings')}</h2>
      <Table<Listing>
        id="open-listings"
        rowKey="id"
        dataSource={offerable}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('field.certificateId'), dataIndex: 'certificateId', render: (id: string) => <CertLink id={id} /> },
          { title: t('field.seller'), dataIndex: 'seller' },
          { title: t('field.askingPrice'), dataIndex: 'askingPriceFen', render: (fen: number) => <Money fen={fen} /> },
          { title: t('common.actions'), key: 'offer', render: (_, l) => <OfferButton listing={l} onDone={followFeed} /> },
        ]}
      />
      <h2>{t('market.myOrders')}</h2>
      <Table<Order>
        id="my-orders"
        rowKey="id"
        dataSource={orders}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (o) => (
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('field.seller')}>{o.seller}</Descriptions.Item>
              <Descriptions.Item label={t('field.buyer')}>{o.buyer}</Descriptions.Item>
              <Descriptions.Item label={t('field.listing')}>{o.listingId}</Descriptions.Item>
              <Descriptions.Item label="txId">{o.txId}</Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('field.certificateId'), dataIndex: 'certificateId', render: (id: string) => <CertLink id={id} /> },
          { title: t('field.order'), key: 'side', render: (_, o) => (o.seller === me.entity ? t('field.seller') : t('field.buyer')) },
          { title: t('field.askingPrice'), dataIndex: 'askingPriceFen', render: (fen: number) => <Money fen={fen} /> },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, o) => <PartyOrderActions order={o} side={o.seller === me.entity ? 'seller' : 'buyer'} onDone={followFeed} />,
          },
        ]}
      />
    </>
  );
}
