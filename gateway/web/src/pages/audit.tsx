/**
 * An auditor's view of one certificate (regulators see it too): its lifecycle as a timeline,
 * step by step with who signed it, when (CST, ISO on hover), in which block and transaction and
 * how the committer judged it, paged with the API's bookmark and drawn as a virtual list.
 */
import { Alert, Button, Form, Input, Space, Table, Tag } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../api';
import { Time } from '../components/values';
import { useI18n } from '../i18n';
import { navigate, usePath } from '../route';
import { LoadError, PageHeader, type Page } from './common';

export interface LifecycleEntry {
  readonly type: string;
  readonly function?: string;
  readonly txId: string;
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly timestamp: string;
  readonly actor: { readonly mspId: string; readonly id: string };
  readonly validationCode: string;
  readonly summary: string;
  readonly summaryZh?: string;
  readonly related?: string;
}

/** The certificate id after a page's path (`/audit/lifecycle/<id>`), or undefined. */
export function idAfter(path: string, prefix: string): string | undefined {
  if (!path.startsWith(`${prefix}/`)) return undefined;
  const id = decodeURIComponent(path.slice(prefix.length + 1));
  return id === '' ? undefined : id;
}

export function CertificatePicker(props: { readonly prefix: string; readonly id: string | undefined; readonly name: string }): ReactNode {
  const { t } = useI18n();
  return (
    <Form
      name={props.name}
      layout="inline"
      onFinish={(v: { id: string }) => navigate(`${props.prefix}/${encodeURIComponent(v.id.trim())}`)}
      initialValues={{ id: props.id ?? '' }}
    >
      <Form.Item label={t('field.certificateId')} name="id" rules={[{ required: true, whitespace: true }]}>
        <Input placeholder="321200-2026-000001" style={{ width: 240 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('audit.open')}
      </Button>
    </Form>
  );
}

const PAGE = 50;
/** The API's largest page: "load all" walks a long lifecycle (thousands of metered uses) in as few requests as it can. */
const LARGEST_PAGE = 500;

export function Lifecycle(): ReactNode {
  const { t, lang } = useI18n();
  const id = idAfter(usePath(), '/audit/lifecycle');
  const [steps, setSteps] = useState<LifecycleEntry[]>([]);
  const [bookmark, setBookmark] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const load = async (from: string, reset: boolean): Promise<void> => {
    if (id === undefined) return;
    setLoading(true);
    setError(undefined);
    try {
      const page = await api<Page<LifecycleEntry>>(`/certificates/${encodeURIComponent(id)}/lifecycle`, { query: { limit: PAGE, bookmark: from } });
      setSteps((s) => (reset ? page.items : [...s, ...page.items]));
      setBookmark(page.bookmark);
    } catch (err) {
      setError(err as Error);
    } finally {
      setLoading(false);
    }
  };
  const [all, setAll] = useState(false);
  /** Every remaining page, appended as it arrives (the count shows how far it got); the list is virtual, so its length costs nothing. */
  const loadAll = async (from: string): Promise<void> => {
    if (id === undefined) return;
    setAll(true);
    setError(undefined);
    try {
      let next = from;
      do {
        const page = await api<Page<LifecycleEntry>>(`/certificates/${encodeURIComponent(id)}/lifecycle`, { query: { limit: LARGEST_PAGE, bookmark: next } });
        setSteps((s) => [...s, ...page.items]);
        next = page.bookmark;
        setBookmark(next);
      } while (next !== '');
    } catch (err) {
      setError(err as Error);
    } finally {
      setAll(false);
    }
  };
  useEffect(() => {
    setSteps([]);
    setBookmark('');
    void load('', true);
  }, [id]);
  return (
    <>
      <PageHeader
        title={t('audit.lifecycle.title')}
        onRefresh={id === undefined ? undefined : () => void load('', true)}
        extra={id && <a href={`#/audit/lineage/${encodeURIComponent(id)}`}>{t('nav.audit.lineage')}</a>}
      />
      <div className="audit-picker">
        <CertificatePicker prefix="/audit/lifecycle" id={id} name="lifecycle-pick" />
      </div>
      <LoadError error={error} />
      {id === undefined ? (
        <Alert type="info" showIcon message={t('audit.choose')} className="audit-hint" />
      ) : (
        <>
          <Table<LifecycleEntry>
            id="lifecycle-steps"
            className="timeline-table"
            rowKey={(e) => `${e.txId}:${e.type}:${e.related ?? ''}`}
            loading={loading}
            dataSource={steps}
            virtual
            scroll={{ y: 560, x: 1000 }}
            pagination={false}
            onRow={(e) => ({ 'data-tx': e.txId }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: '#', key: 'n', width: 72, render: (_, __, i) => i + 1 },
              {
                title: t('audit.step'),
                key: 'summary',
                render: (_, e) => (
                  <div className="timeline-step">
                    <span className={`timeline-dot ${e.validationCode === 'VALID' ? 'ok' : 'bad'}`} aria-hidden />
                    <div>
                      <strong>{e.type}</strong>
                      <div>{lang === 'zh' ? (e.summaryZh ?? e.summary) : e.summary}</div>
                      {e.related !== undefined && <div className="timeline-related">{e.related}</div>}
                    </div>
                  </div>
                ),
              },
              { title: t('audit.actor'), key: 'actor', width: 200, render: (_, e) => `${e.actor.id} (${e.actor.mspId})` },
              { title: t('audit.time'), dataIndex: 'timestamp', width: 150, render: (v: string) => <Time iso={v} /> },
              { title: t('audit.block'), dataIndex: 'blockNumber', width: 70, align: 'right' },
              { title: t('audit.tx'), dataIndex: 'txId', width: 170, render: (tx: string) => <code title={tx}>{tx.slice(0, 12)}…</code> },
              {
                title: t('audit.validation'),
                dataIndex: 'validationCode',
                width: 150,
                render: (v: string) => <Tag color={v === 'VALID' ? 'green' : 'red'}>{v}</Tag>,
              },
            ]}
          />
          <Space className="timeline-more">
            <span id="lifecycle-count" data-count={steps.length} data-complete={String(bookmark === '' && !loading && !all)} role="status">
              {all ? t('audit.loading', { n: steps.length }) : t('audit.count', { n: steps.length })}
            </span>
            {bookmark !== '' && (
              <>
                <Button id="lifecycle-more" loading={loading} disabled={all} onClick={() => void load(bookmark, false)}>
                  {t('audit.more')}
                </Button>
                <Button id="lifecycle-all" loading={all} disabled={loading} onClick={() => void loadAll(bookmark)}>
                  {t('audit.loadAll')}
                </Button>
              </>
            )}
          </Space>
        </>
      )}
    </>
  );
}
