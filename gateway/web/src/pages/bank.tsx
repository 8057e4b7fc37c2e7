/**
 * A bank's pages (质押融资): the pledges asked of it by state, with the confidential amount read
 * from its own peer (/terms), accept / decline / release, consent to a listing, enforce once
 * overdue (pledge-steps.tsx); and the provenance dossier of a pledged
 * certificate, each fact with the transaction that wrote it, downloadable for offline checking.
 */
import { Alert, Button, Popconfirm, Space, Table, Tabs, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, allPages, ApiError } from '../api';
import { useWrite } from '../components/feedback';
import { useLoad } from '../components/use-load';
import { Code, Money, StatusTag, Time } from '../components/values';
import { tryTranslate, useI18n } from '../i18n';
import { usePath } from '../route';
import { CertificatePicker } from './audit';
import { LoadError, PageHeader } from './common';
import { PledgeStepButton } from './pledge-steps';

export interface Pledge {
  readonly id: string;
  readonly certificateId: string;
  readonly pledgor: string;
  readonly pledgee: string;
  readonly termDays: number;
  readonly status: string;
  readonly effectiveStatus: string;
  readonly requestedAt?: string;
  readonly acceptedAt?: string;
  readonly dueAt?: string;
}

interface PledgeRow extends Pledge {
  /** Integer fen from the bank's own peer; undefined when its peer holds no copy. */
  readonly amount?: number;
}

const TABS = ['pending', 'active', 'overdue'] as const;

async function withAmounts(pledges: readonly Pledge[]): Promise<PledgeRow[]> {
  return Promise.all(
    pledges.map(async (p) => {
      try {
        const terms = await api<{ amount: number }>(`/pledges/${encodeURIComponent(p.id)}/terms`);
        return { ...p, amount: terms.amount };
      } catch (err) {
        if (err instanceof ApiError && err.status === 403) return { ...p };
        throw err;
      }
    }),
  );
}

export function BankPledges(): ReactNode {
  const { t } = useI18n();
  const [tab, setTab] = useState<(typeof TABS)[number]>('pending');
  const pledges = useLoad(async () => withAmounts(await allPages<Pledge>('/pledges', { role: 'pledgee', status: tab })), [tab]);
  const { busy, run } = useWrite();
  const act = async (p: Pledge, action: 'accept' | 'decline' | 'release'): Promise<void> => {
    const done = await run(
      () => api<Pledge>(`/pledges/${encodeURIComponent(p.id)}/${action}`, { body: {}, idempotencyKey: `${action}-${p.id}` }),
      () => t(`bank.done.${action}`, { id: p.id }),
    );
    if (done) pledges.reload();
  };
  return (
    <>
      <PageHeader title={t('bank.pledges.title')} onRefresh={pledges.reload} />
      <Typography.Paragraph type="secondary">{t('bank.pledges.intro')}</Typography.Paragraph>
      <Tabs activeKey={tab} onChange={(k) => setTab(k as typeof tab)} items={TABS.map((k) => ({ key: k, label: t(`bank.tab.${k}`) }))} />
      <LoadError error={pledges.error} />
      <Table<PledgeRow>
        id="pledge-table"
        rowKey="id"
        loading={pledges.loading}
        dataSource={pledges.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('bank.pledgeId'), dataIndex: 'id', render: (id: string) => <Code>{id}</Code> },
          { title: t('field.certificateId'), dataIndex: 'certificateId' },
          { title: t('bank.pledgor'), dataIndex: 'pledgor' },
          {
            title: t('bank.amount'),
            dataIndex: 'amount',
            align: 'right',
            render: (fen?: number) => (fen === undefined ? t('bank.noTerms') : <Money fen={fen} />),
          },
          { title: t('bank.termDays'), dataIndex: 'termDays', align: 'right' },
          { title: t('common.status'), dataIndex: 'effectiveStatus', render: (s: string) => <StatusTag status={s} prefix="pledge" /> },
          { title: t('bank.requestedAt'), dataIndex: 'requestedAt', render: (v?: string) => <Time iso={v} /> },
          { title: t('bank.dueAt'), dataIndex: 'dueAt', render: (v?: string) => <Time iso={v} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, p) => (
              <Space wrap>
                {p.status === 'pending' && (
                  <>
                    <Button size="small" type="primary" data-action="accept" data-id={p.id} disabled={busy} onClick={() => void act(p, 'accept')}>
                      {t('bank.accept')}
                    </Button>
                    <Popconfirm
                      title={t('bank.declineConfirm')}
                      onConfirm={() => void act(p, 'decline')}
                      okText={t('bank.decline')}
                      cancelText={t('common.cancel')}
                    >
                      <Button size="small" danger data-action="decline" data-id={p.id} disabled={busy}>
                        {t('bank.decline')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
                {p.status === 'active' && (
                  <Popconfirm
                    title={t('bank.releaseConfirm')}
                    onConfirm={() => void act(p, 'release')}
                    okText={t('bank.release')}
                    cancelText={t('common.cancel')}
                  >
                    <Button size="small" data-action="release" data-id={p.id} disabled={busy}>
                      {t('bank.release')}
                    </Button>
                  </Popconfirm>
                )}
                {p.status === 'active' && p.effectiveStatus !== 'overdue' && <PledgeStepButton pledge={p} step="listing-consent" onDone={pledges.reload} />}
                {p.effectiveStatus === 'overdue' && <PledgeStepButton pledge={p} step="enforce" onDone={pledges.reload} />}
                <a href={`#/bank/dossier/${encodeURIComponent(p.certificateId)}`} data-action="dossier" data-id={p.id}>
                  {t('bank.dossier')}
                </a>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

interface Fact {
  readonly kind: string;
  readonly txId: string;
  readonly blockNumber: number;
  readonly txIndex?: number;
  readonly timestamp: string;
  readonly actor?: { readonly mspId: string; readonly id: string };
  readonly validationCode?: string;
  readonly path?: string;
}

interface Provenance {
  readonly certificateId: string;
  readonly registry: string;
  readonly sources: readonly { id: string; depth: number }[];
  readonly facts: readonly Fact[];
}

/** Saves a JSON document as a file, from memory: nothing is sent anywhere. */
function saveJson(name: string, doc: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function PledgeDossier(): ReactNode {
  const { t, lang } = useI18n();
  const path = usePath();
  const id = decodeURIComponent(path.slice('/bank/dossier/'.length));
  const hasId = path.startsWith('/bank/dossier/') && id !== '';
  const prov = useLoad(() => (hasId ? api<Provenance>(`/certificates/${encodeURIComponent(id)}/provenance`) : Promise.resolve(undefined)), [id, hasId]);
  const { busy, run } = useWrite();
  const fileName = `dossier-${id}.json`;
  const download = async (): Promise<void> => {
    const doc = await run(
      () => api<unknown>(`/certificates/${encodeURIComponent(id)}/provenance/dossier`),
      () => t('bank.dossier.saved', { file: fileName }),
    );
    if (doc !== undefined) saveJson(fileName, doc);
  };
  return (
    <>
      <PageHeader
        title={t('bank.dossier.title')}
        onRefresh={prov.reload}
        extra={
          hasId && (
            <Button type="primary" id="dossier-download" loading={busy} onClick={() => void download()}>
              {t('bank.dossier.download')}
            </Button>
          )
        }
      />
      <div className="audit-picker">
        <CertificatePicker prefix="/bank/dossier" id={hasId ? id : undefined} name="dossier-pick" />
      </div>
      {!hasId ? (
        <Alert type="info" showIcon message={t('bank.dossier.choose')} />
      ) : (
        <>
          <Typography.Paragraph>
            {t('field.certificateId')}: <Code>{id}</Code>
            {prov.data && (
              <>
                {' '}
                · {t('bank.dossier.registry')}: {prov.data.registry} · {t('bank.dossier.sources', { n: prov.data.sources.length })}
              </>
            )}
          </Typography.Paragraph>
          <Alert
            type="info"
            showIcon
            id="dossier-offline"
            message={t('bank.dossier.offline')}
            description={<Typography.Text code>npm run verify -- {fileName} --trust trust.json</Typography.Text>}
          />
          <LoadError error={prov.error} />
          <Table<Fact>
            id="dossier-facts"
            rowKey={(f) => `${f.txId}:${f.kind}:${f.path ?? ''}:${String(f.blockNumber)}`}
            loading={prov.loading}
            dataSource={prov.data?.facts ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              {
                title: t('bank.fact.kind'),
                dataIndex: 'kind',
                width: 130,
                render: (k: string) => <span data-kind={k}>{tryTranslate(t, lang, `fact.${k}`)}</span>,
              },
              { title: t('audit.block'), dataIndex: 'blockNumber', width: 80, align: 'right' },
              { title: t('audit.tx'), dataIndex: 'txId', render: (tx: string) => <Code>{tx}</Code> },
              { title: t('audit.time'), dataIndex: 'timestamp', render: (v: string) => <Time iso={v} /> },
              { title: t('audit.actor'), dataIndex: 'actor', render: (a?: Fact['actor']) => (a ? `${a.id} (${a.mspId})` : '—') },
            ]}
          />
        </>
      )}
    </>
  );
}
