/** A registrar's pages: the review queue (approve / reject / issue, objections) and recognition with other cities. */
import { Badge, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Popconfirm, Space, Table, Tabs, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { allPages, api } from '../api';
import { useWrite } from '../components/feedback';
import { useLoad } from '../components/use-load';
import { Code, StatusTag, Time } from '../components/values';
import { useFeed } from '../feed';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { ASSET_TYPES, LoadError, PageHeader, type Certificate, type Objection } from './common';
import { atLeastOne } from './holder';

const SOON_MS = 2 * 86_400_000;

function publicityNote(c: Certificate, t: (k: MessageKey) => string): ReactNode {
  const ends = c.publicityEndsAt === undefined ? NaN : Date.parse(c.publicityEndsAt);
  if (Number.isNaN(ends)) return null;
  const left = ends - Date.now();
  if (left <= 0) return <Badge status="success" text={t('registrar.ended')} />;
  if (left < SOON_MS) return <Badge status="warning" text={t('registrar.endingSoon')} />;
  return null;
}

export function ReviewQueue(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const { busy, run } = useWrite();
  const [days, setDays] = useState<Record<string, number>>({});
  const load = (status: string): Promise<Certificate[]> => allPages<Certificate>('/certificates', { registry: me.mspId, status });
  const queue = useLoad(async () => {
    const [applied, review, publicity] = await Promise.all([load('applied'), load('under_review'), load('publicizing')]);
    return { waiting: [...applied, ...review], publicity: publicity.sort((a, b) => (a.publicityEndsAt ?? '').localeCompare(b.publicityEndsAt ?? '')) };
  }, [me.mspId]);
  const inPublicity = new Set((queue.data?.publicity ?? []).map((c) => c.id));
  const objections = useFeed<Objection>('objection').filter((o) => o.status === 'open' && inPublicity.has(o.certificateId));
  const act = async (write: () => Promise<Certificate>, say: (c: Certificate) => string): Promise<void> => {
    if (await run(write, say)) queue.reload();
  };
  const review = (c: Certificate, decision: 'approve' | 'reject'): Promise<void> =>
    act(
      () =>
        api<Certificate>(`/certificates/${encodeURIComponent(c.id)}/review`, {
          body: decision === 'approve' ? { decision, publicityDays: days[c.id] ?? 10 } : { decision },
        }),
      (r) => t(decision === 'approve' ? 'registrar.approved' : 'registrar.rejected', { id: r.id }),
    );
  const issue = (c: Certificate): Promise<void> =>
    act(
      () => api<Certificate>(`/certificates/${encodeURIComponent(c.id)}/issue`, { method: 'POST' }),
      (r) => t('registrar.issued', { id: r.id, code: r.queryCode ?? '' }),
    );
  const resolve = (o: Objection, upheld: boolean): Promise<void> =>
    act(
      () => api(`/certificates/${encodeURIComponent(o.certificateId)}/objections/${encodeURIComponent(o.id)}/resolve`, { body: { upheld } }),
      () => t('common.done'),
    );
  const base = [
    { title: t('field.certificateId'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
    { title: t('common.name'), dataIndex: 'name' },
    { title: t('field.applicant'), key: 'holder', render: (_: unknown, c: Certificate) => c.rights[0]?.holder },
    { title: t('field.grade'), dataIndex: 'grade', render: (g: string) => t(`grade.${g}` as MessageKey) },
    { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
  ];
  return (
    <>
      <PageHeader title={t('nav.registrar.queue')} onRefresh={queue.reload} />
      <LoadError error={queue.error} />
      <Tabs
        items={[
          {
            key: 'waiting',
            label: (
              <span>
                {t('registrar.waiting')} <Badge count={queue.data?.waiting.length ?? 0} showZero color="blue" />
              </span>
            ),
            children: (
              <Table<Certificate>
                rowKey="id"
                loading={queue.loading}
                dataSource={queue.data?.waiting ?? []}
                columns={[
                  ...base,
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_, c) => (
                      <Space>
                        <InputNumber
                          aria-label={`${t('registrar.publicityDays')} ${c.id}`}
                          min={0}
                          max={30}
                          value={days[c.id] ?? 10}
                          onChange={(v) => setDays((d) => ({ ...d, [c.id]: v ?? 10 }))}
                          addonAfter={t('registrar.publicityDays')}
                          style={{ width: 150 }}
                        />
                        <Button type="primary" loading={busy} onClick={() => void review(c, 'approve')} data-action="approve" data-id={c.id}>
                          {t('registrar.approve')}
                        </Button>
                        <Popconfirm
                          title={t('registrar.reject')}
                          onConfirm={() => void review(c, 'reject')}
                          okText={t('common.confirm')}
                          cancelText={t('common.cancel')}
                        >
                          <Button danger data-action="reject" data-id={c.id}>
                            {t('registrar.reject')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'publicity',
            label: (
              <span>
                {t('registrar.publicity')} <Badge count={queue.data?.publicity.length ?? 0} showZero color="gold" />
              </span>
            ),
            children: (
              <Table<Certificate>
                rowKey="id"
                loading={queue.loading}
                dataSource={queue.data?.publicity ?? []}
                columns={[
                  ...base,
                  {
                    title: t('field.publicityEndsAt'),
                    key: 'ends',
                    render: (_, c) => (
                      <Space direction="vertical" size={0}>
                        <Time iso={c.publicityEndsAt} />
                        {publicityNote(c, t)}
                      </Space>
                    ),
                  },
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_, c) => (
                      <Button type="primary" loading={busy} onClick={() => void issue(c)} data-action="issue" data-id={c.id}>
                        {t('registrar.issue')}
                      </Button>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'objections',
            label: (
              <span>
                {t('registrar.objections')} <Badge count={objections.length} showZero color="red" />
              </span>
            ),
            children: (
              <Table<Objection>
                rowKey="id"
                dataSource={objections}
                columns={[
                  { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
                  { title: t('field.certificateId'), dataIndex: 'certificateId' },
                  { title: t('common.reason'), dataIndex: 'reason' },
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_, o) => (
                      <Space>
                        <Button danger onClick={() => void resolve(o, true)}>
                          {t('registrar.uphold')}
                        </Button>
                        <Button onClick={() => void resolve(o, false)}>{t('registrar.dismiss')}</Button>
                      </Space>
                    ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </>
  );
}

interface Agreement {
  readonly id: string;
  readonly proposer: string;
  readonly counterparty: string;
  readonly scope: { assetTypes?: string[]; grades?: string[] };
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly status: string;
}

interface Recognition {
  readonly id: string;
  readonly certificateId: string;
  readonly registry: string;
  readonly issuer?: string;
  readonly recognisedAt?: string;
}

interface ProposalValues {
  counterparty: string;
  assetTypes: string[];
  grades: string[];
  validTo: Dayjs;
}

export function Agreements(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const { busy, run } = useWrite();
  const agreements = useLoad(() => api<{ items: Agreement[] }>('/agreements', { query: { registry: me.mspId } }).then((r) => r.items), [me.mspId]);
  const recognitions = useFeed<Recognition>('recognition').filter((r) => r.registry === me.mspId);
  const propose = async (v: ProposalValues): Promise<void> => {
    const body = {
      counterparty: v.counterparty.trim(),
      scope: { assetTypes: v.assetTypes, grades: v.grades },
      validFrom: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      validTo: v.validTo.toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    if (
      await run(
        () => api<Agreement>('/agreements', { body }),
        (a) => a.id,
      )
    )
      agreements.reload();
  };
  const step = async (a: Agreement, action: 'approve' | 'terminate'): Promise<void> => {
    if (
      await run(
        () => api<Agreement>(`/agreements/${encodeURIComponent(a.id)}/${action}`, { body: {} }),
        (x) => `${x.id}: ${x.status}`,
      )
    )
      agreements.reload();
  };
  const recognise = async (v: { certificateId: string }): Promise<void> => {
    await run(
      () => api<Recognition>('/recognitions', { body: { certificateId: v.certificateId.trim() } }),
      (r) => t('agreements.recognised', { id: r.id }),
    );
  };
  return (
    <>
      <PageHeader title={t('agreements.title')} onRefresh={agreements.reload} />
      <LoadError error={agreements.error} />
      <Table<Agreement>
        rowKey="id"
        loading={agreements.loading}
        dataSource={agreements.data ?? []}
        columns={[
          { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('field.proposer'), dataIndex: 'proposer' },
          { title: t('field.counterparty'), dataIndex: 'counterparty' },
          {
            title: t('field.scope'),
            dataIndex: 'scope',
            render: (s: Agreement['scope']) => (
              <>
                {(s.assetTypes ?? []).map((a) => (
                  <Tag key={a}>{t(`assetType.${a}` as MessageKey)}</Tag>
                ))}
                {(s.grades ?? []).map((g) => (
                  <Tag key={g}>{t(`grade.${g}` as MessageKey)}</Tag>
                ))}
              </>
            ),
          },
          { title: t('field.validTo'), dataIndex: 'validTo', render: (v?: string) => <Time iso={v} /> },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, a) => (
              <Space>
                {a.status === 'pending' && a.counterparty === me.mspId && (
                  <Button type="primary" loading={busy} onClick={() => void step(a, 'approve')}>
                    {t('agreements.approve')}
                  </Button>
                )}
                {a.status !== 'terminated' && (
                  <Popconfirm
                    title={t('agreements.terminate')}
                    onConfirm={() => void step(a, 'terminate')}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                  >
                    <Button danger>{t('agreements.terminate')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Space align="start" wrap size="large" className="form-row">
        <Card title={<h2 className="card-heading">{t('agreements.propose')}</h2>} className="form-card">
          <Form<ProposalValues>
            name="agreement"
            layout="vertical"
            onFinish={propose}
            initialValues={{ assetTypes: ['resource', 'element', 'product'], grades: ['general'] }}
          >
            <Form.Item label={t('field.counterparty')} name="counterparty" rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9]*MSP$/ }]}>
              <Input placeholder="YanchengRegistryMSP" />
            </Form.Item>
            <Form.Item label={t('field.assetType')} name="assetTypes" rules={[atLeastOne(t('field.assetType'))]}>
              <Checkbox.Group options={ASSET_TYPES.map((v) => ({ value: v, label: t(`assetType.${v}`) }))} />
            </Form.Item>
            <Form.Item label={t('field.grade')} name="grades" rules={[atLeastOne(t('field.grade'))]}>
              <Checkbox.Group options={(['general', 'important'] as const).map((v) => ({ value: v, label: t(`grade.${v}`) }))} />
            </Form.Item>
            <Form.Item label={t('field.validTo')} name="validTo" rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.submit')}
            </Button>
          </Form>
        </Card>
        <Card title={<h2 className="card-heading">{t('agreements.recognise')}</h2>} className="form-card">
          <Form<{ certificateId: string }> name="recognise" layout="vertical" onFinish={recognise}>
            <Form.Item label={t('field.certificateId')} name="certificateId" rules={[{ required: true, pattern: /^\d{6}-\d{4}-\d{6}$/ }]}>
              <Input placeholder="321200-2026-000001" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.submit')}
            </Button>
          </Form>
        </Card>
      </Space>
      <h2>{t('agreements.recognitions')}</h2>
      <Table<Recognition>
        rowKey="id"
        dataSource={recognitions}
        columns={[
          { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('field.certificateId'), dataIndex: 'certificateId' },
          { title: t('print.issuer'), dataIndex: 'issuer' },
          { title: t('common.time'), dataIndex: 'recognisedAt', render: (v?: string) => <Time iso={v} /> },
        ]}
      />
    </>
  );
}
