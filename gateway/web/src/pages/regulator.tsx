/** The regulator's pages: negative list, filings queue, credit flags (price monitoring is prices.tsx, with its chart). */
import { Button, Card, Form, Input, Popconfirm, Radio, Select, Space, Table, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { allPages, api } from '../api';
import { useWrite } from '../components/feedback';
import { useLoad } from '../components/use-load';
import { Code, StatusTag, Time } from '../components/values';
import { useFeed } from '../feed';
import { useI18n, type MessageKey } from '../i18n';
import { hasRole, useSession } from '../session';
import { CATEGORIES, LoadError, PageHeader } from './common';

interface NegativeEntry {
  readonly id: string;
  readonly target: string;
  readonly value: string;
  readonly level: string;
  readonly reason: string;
  readonly status: string;
  readonly listedAt: string;
}

interface NegativeValues {
  target: 'category' | 'fingerprint';
  category?: string;
  fingerprint?: string;
  level: 'prohibited' | 'restricted';
  reason: string;
}

export function NegativeList(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const { busy, run } = useWrite();
  const [form] = Form.useForm<NegativeValues>();
  const target = Form.useWatch('target', form) ?? 'category';
  const entries = useLoad(() => allPages<NegativeEntry>('/negative-list'), []);
  const add = async (v: NegativeValues): Promise<void> => {
    const body = { ...(v.target === 'category' ? { category: v.category } : { fingerprint: v.fingerprint }), level: v.level, reason: v.reason };
    if (
      await run(
        () => api<NegativeEntry>('/negative-list', { body }),
        (e) => e.id,
      )
    ) {
      form.resetFields();
      entries.reload();
    }
  };
  const lift = async (e: NegativeEntry): Promise<void> => {
    if (
      await run(
        () => api<NegativeEntry>(`/negative-list/${encodeURIComponent(e.id)}/lift`, { body: { reason: 'lifted in the console' } }),
        (x) => x.id,
      )
    )
      entries.reload();
  };
  const mayWrite = hasRole(me, 'regulator');
  return (
    <>
      <PageHeader title={t('nav.regulator.negative')} onRefresh={entries.reload} />
      <LoadError error={entries.error} />
      <Table<NegativeEntry>
        rowKey="id"
        loading={entries.loading}
        dataSource={entries.data ?? []}
        columns={[
          { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          {
            title: t('field.target'),
            key: 'target',
            render: (_, e) => (e.target === 'category' ? t(`category.${e.value}` as MessageKey) : <Code>{e.value.slice(0, 16) + '…'}</Code>),
          },
          { title: t('field.level'), dataIndex: 'level', render: (l: string) => <StatusTag status={l} prefix="level" /> },
          { title: t('common.reason'), dataIndex: 'reason' },
          { title: t('common.time'), dataIndex: 'listedAt', render: (v: string) => <Time iso={v} /> },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, e) =>
              mayWrite && e.status === 'active' ? (
                <Popconfirm title={t('regulator.negative.lift')} onConfirm={() => void lift(e)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                  <Button>{t('regulator.negative.lift')}</Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      {mayWrite && (
        <Card title={<h2 className="card-heading">{t('regulator.negative.add')}</h2>} className="form-card">
          <Form<NegativeValues>
            name="negative"
            form={form}
            layout="vertical"
            onFinish={add}
            initialValues={{ target: 'category', category: 'healthcare', level: 'restricted' }}
          >
            <Form.Item label={t('field.target')} name="target">
              <Radio.Group
                options={[
                  { value: 'category', label: t('field.category') },
                  { value: 'fingerprint', label: t('field.fingerprint') },
                ]}
              />
            </Form.Item>
            {target === 'category' ? (
              <Form.Item label={t('field.category')} name="category">
                <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} style={{ width: 200 }} />
              </Form.Item>
            ) : (
              <Form.Item label={t('field.fingerprint')} name="fingerprint" rules={[{ required: true, pattern: /^[0-9a-f]{64}$/ }]}>
                <Input className="mono" />
              </Form.Item>
            )}
            <Form.Item label={t('field.level')} name="level">
              <Radio.Group
                options={[
                  { value: 'restricted', label: t('level.restricted') },
                  { value: 'prohibited', label: t('level.prohibited') },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('common.reason')} name="reason" rules={[{ required: true, whitespace: true }]}>
              <Input />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}

interface Filing {
  readonly id: string;
  readonly certificateId: string;
  readonly filer: string;
  readonly purpose: string;
  readonly recipients: string[];
  readonly termDays: number;
  readonly status: string;
  readonly filedAt: string;
  readonly validUntil?: string;
}

export function Filings(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const { busy, run } = useWrite();
  const filings = useFeed<Filing>('filing').sort(
    (a, b) => (a.status === 'filed' ? 0 : 1) - (b.status === 'filed' ? 0 : 1) || a.filedAt.localeCompare(b.filedAt),
  );
  const decide = (f: Filing, action: 'approve' | 'reject'): void =>
    void run(
      () => api<Filing>(`/filings/${encodeURIComponent(f.id)}/${action}`, { body: action === 'approve' ? {} : { reason: 'rejected in the console' } }),
      (x) => `${x.id}: ${x.status}`,
    );
  return (
    <>
      <PageHeader title={t('nav.regulator.filings')} />
      <Typography.Paragraph type="secondary">{t('regulator.filings.note')}</Typography.Paragraph>
      <Table<Filing>
        rowKey="id"
        dataSource={filings}
        columns={[
          { title: t('common.id'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('field.certificateId'), dataIndex: 'certificateId' },
          { title: t('field.filer'), dataIndex: 'filer' },
          { title: t('field.purpose'), dataIndex: 'purpose' },
          { title: t('field.termDays'), dataIndex: 'termDays' },
          { title: t('common.time'), dataIndex: 'filedAt', render: (v: string) => <Time iso={v} /> },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, f) =>
              f.status === 'filed' && hasRole(me, 'regulator') ? (
                <Space>
                  <Button type="primary" loading={busy} onClick={() => decide(f, 'approve')}>
                    {t('regulator.filings.approve')}
                  </Button>
                  <Button danger loading={busy} onClick={() => decide(f, 'reject')}>
                    {t('regulator.filings.reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </>
  );
}

interface Credit {
  readonly entity: string;
  readonly status: string;
  readonly reason?: string;
  readonly setAt?: string;
}

export function CreditFlags(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const { busy, run } = useWrite();
  const flags = useFeed<Credit>('credit');
  const [looked, setLooked] = useState<Credit | undefined>();
  const set = async (v: { entity: string; status: string; reason: string }): Promise<void> => {
    await run(
      () => api<Credit>(`/entities/${encodeURIComponent(v.entity.trim())}/credit`, { body: { status: v.status, reason: v.reason } }),
      (c) => `${c.entity}: ${c.status}`,
    );
  };
  const lookup = async (v: { entity: string }): Promise<void> => {
    setLooked(await api<Credit>(`/entities/${encodeURIComponent(v.entity.trim())}/credit`));
  };
  return (
    <>
      <PageHeader title={t('nav.regulator.credit')} />
      <Table<Credit>
        rowKey="entity"
        dataSource={flags}
        columns={[
          { title: t('field.entity'), dataIndex: 'entity', render: (e: string) => <Code>{e}</Code> },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          { title: t('common.reason'), dataIndex: 'reason' },
          { title: t('common.time'), dataIndex: 'setAt', render: (v?: string) => <Time iso={v} /> },
        ]}
      />
      <Space align="start" wrap size="large" className="form-row">
        <Card title={<h2 className="card-heading">{t('regulator.credit.lookup')}</h2>} className="form-card">
          <Form<{ entity: string }> name="creditLookup" layout="vertical" onFinish={(v) => void lookup(v)}>
            <Form.Item label={t('field.entity')} name="entity" rules={[{ required: true, whitespace: true }]}>
              <Input />
            </Form.Item>
            <Button htmlType="submit">{t('regulator.prices.query')}</Button>
          </Form>
          {looked && (
            <p>
              {looked.entity}: <StatusTag status={looked.status} /> {looked.reason}
            </p>
          )}
        </Card>
        {hasRole(me, 'regulator') && (
          <Card title={<h2 className="card-heading">{t('regulator.credit.set')}</h2>} className="form-card">
            <Form<{ entity: string; status: string; reason: string }> name="credit" layout="vertical" onFinish={set} initialValues={{ status: 'dishonest' }}>
              <Form.Item label={t('field.entity')} name="entity" rules={[{ required: true, whitespace: true }]}>
                <Input />
              </Form.Item>
              <Form.Item label={t('common.status')} name="status">
                <Radio.Group
                  options={[
                    { value: 'dishonest', label: t('status.dishonest') },
                    { value: 'normal', label: t('status.normal') },
                  ]}
                />
              </Form.Item>
              <Form.Item label={t('common.reason')} name="reason" rules={[{ required: true, whitespace: true }]}>
                <Input />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('common.submit')}
              </Button>
            </Form>
          </Card>
        )}
      </Space>
    </>
  );
}
