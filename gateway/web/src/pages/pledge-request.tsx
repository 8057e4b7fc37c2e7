/**
 * A holder asks a bank of the consortium to take an issued certificate as collateral (质押申请):
 * the amount typed in yuan and sent as integer fen (confidential: the gateway sends it as
 * transient data), the term in days. The bank then sees it pending on its pledges page.
 */
import { Alert, Button, Card, Form, Input, InputNumber, Select, Table } from 'antd';
import { useState, type ReactNode } from 'react';
import consortium from '../../../../network/consortium.json';
import { allPages, api } from '../api';
import { useWrite } from '../components/feedback';
import { useLoad } from '../components/use-load';
import { Code, StatusTag, Time } from '../components/values';
import { fenOf } from '../format';
import { useI18n } from '../i18n';
import { usePath } from '../route';
import { useSession } from '../session';
import type { Pledge } from './bank';
import { LoadError, PageHeader, type Certificate } from './common';

/** The consortium's bank organisations, from the same file the network is generated from. */
const BANKS = consortium.organizations.filter((o) => o.type === 'bank').map((o) => ({ mspId: o.mspId, name: o.name, nameZh: o.nameZh }));

/** A select needs a value; a validator rather than `required`, which would put aria-required on the select's wrapper. */
function chosen(label: string): { validator: (_: unknown, v: unknown) => Promise<void> } {
  return { validator: (_, v) => (typeof v === 'string' && v !== '' ? Promise.resolve() : Promise.reject(new Error(label))) };
}

interface PledgeValues {
  certificateId: string;
  pledgee: string;
  amount: string;
  termDays: number;
}

export function PledgeRequest(): ReactNode {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const path = usePath();
  const fromPath = path.startsWith('/holder/pledge/') ? decodeURIComponent(path.slice('/holder/pledge/'.length)) : undefined;
  const [form] = Form.useForm<PledgeValues>();
  const { busy, run } = useWrite();
  const [requested, setRequested] = useState<Pledge | undefined>();
  const certs = useLoad(
    () =>
      me.entity ? allPages<Certificate>('/certificates', { holder: me.entity }).then((all) => all.filter((c) => c.status === 'issued')) : Promise.resolve([]),
    [me.entity],
  );
  const mine = useLoad(() => allPages<Pledge>('/pledges', { role: 'pledgor' }), [requested]);
  const submit = async (v: PledgeValues): Promise<void> => {
    const amount = fenOf(v.amount);
    if (amount === undefined) return;
    const body = { certificateId: v.certificateId, pledgee: v.pledgee, amount, termDays: v.termDays };
    const answer = await run(
      () => api<Pledge>('/pledges', { body }),
      (p) => t('pledge.requested', { id: p.id }),
    );
    if (answer) setRequested(answer);
  };
  return (
    <>
      <PageHeader title={t('pledge.title')} onRefresh={mine.reload} />
      {requested && (
        <Alert type="success" showIcon role="status" id="pledge-result" data-id={requested.id} message={t('pledge.requested', { id: requested.id })} />
      )}
      <LoadError error={certs.error} />
      <Card className="form-card">
        <Form<PledgeValues>
          form={form}
          layout="vertical"
          name="pledge"
          id="pledge-form"
          onFinish={submit}
          initialValues={{ certificateId: fromPath, pledgee: BANKS[0]?.mspId, termDays: 365 }}
        >
          <Form.Item label={t('field.certificateId')} name="certificateId" rules={[chosen(t('pledge.needCertificate'))]}>
            <Select
              loading={certs.loading}
              showSearch
              options={(certs.data ?? []).map((c) => ({ value: c.id, label: `${c.id} ${c.name ?? ''}`, title: c.id }))}
            />
          </Form.Item>
          <Form.Item label={t('pledge.bank')} name="pledgee" rules={[chosen(t('pledge.bank'))]}>
            <Select options={BANKS.map((b) => ({ value: b.mspId, label: `${lang === 'zh' ? b.nameZh : b.name} (${b.mspId})`, title: b.mspId }))} />
          </Form.Item>
          <Form.Item
            label={t('pledge.amount')}
            name="amount"
            extra={t('pledge.amountHint')}
            rules={[
              {
                required: true,
                validator: (_, v: unknown) =>
                  typeof v === 'string' && (fenOf(v) ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('pledge.badAmount'))),
              },
            ]}
          >
            <Input inputMode="decimal" placeholder="500,000.00" />
          </Form.Item>
          <Form.Item label={t('pledge.termDays')} name="termDays" rules={[{ required: true }]}>
            <InputNumber min={1} max={3650} precision={0} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} id="pledge-submit">
            {t('pledge.submit')}
          </Button>
        </Form>
      </Card>
      <h2>{t('pledge.mine')}</h2>
      <Table<Pledge>
        rowKey="id"
        loading={mine.loading}
        dataSource={mine.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('bank.pledgeId'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('field.certificateId'), dataIndex: 'certificateId' },
          { title: t('pledge.bank'), dataIndex: 'pledgee' },
          { title: t('common.status'), dataIndex: 'effectiveStatus', render: (s: string) => <StatusTag status={s} prefix="pledge" /> },
          { title: t('bank.requestedAt'), dataIndex: 'requestedAt', render: (v?: string) => <Time iso={v} /> },
        ]}
      />
    </>
  );
}
