/**
 * The auditor's ledger integrity check, with progress: the published GET /ledger/integrity
 * re-verifies a range of blocks (`from`..`to`, each range anchored on the header before it), so
 * the page walks the chain a slice at a time and shows the blocks and transactions checked so
 * far, stopping at the first bad block. The chain's height comes from GET /health.
 */
import { Alert, Button, Descriptions, Progress, Space, Typography } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { LoadError, PageHeader } from './common';

/** Blocks per request: small enough for the bar to move every second or so on a loaded gateway. */
const SLICE = 20;

interface IntegrityReport {
  readonly ok: boolean;
  readonly height: number;
  readonly checkedBlocks: number;
  readonly checkedTransactions: number;
  readonly firstBadBlock?: number;
  readonly problem?: string;
  readonly backend?: string;
}

interface Progressed {
  readonly height: number;
  readonly blocks: number;
  readonly transactions: number;
  readonly state: 'running' | 'ok' | 'bad' | 'stopped';
  readonly firstBadBlock?: number;
  readonly problem?: string;
  readonly backend?: string;
}

export function LedgerIntegrity(): ReactNode {
  const { t } = useI18n();
  const [height, setHeight] = useState<number | undefined>();
  const [run, setRun] = useState<Progressed | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  const readHeight = async (): Promise<number> => {
    const h = (await api<{ height: number }>('/health')).height;
    setHeight(h);
    return h;
  };
  useEffect(() => {
    readHeight().catch((err: unknown) => setError(err as Error));
    return () => abort.current?.abort();
  }, []);

  const start = async (): Promise<void> => {
    const controller = new AbortController();
    abort.current = controller;
    setError(undefined);
    try {
      // the chain as it stands when the check starts; blocks committed meanwhile are for the next check
      const top = await readHeight();
      let progress: Progressed = { height: top, blocks: 0, transactions: 0, state: 'running' };
      setRun(progress);
      for (let from = 0; from < top; from += SLICE) {
        const to = Math.min(from + SLICE, top) - 1;
        const report = await api<IntegrityReport>('/ledger/integrity', { query: { from, to }, signal: controller.signal });
        progress = {
          ...progress,
          blocks: progress.blocks + report.checkedBlocks,
          transactions: progress.transactions + report.checkedTransactions,
          ...(report.backend !== undefined ? { backend: report.backend } : {}),
        };
        if (!report.ok) {
          setRun({
            ...progress,
            state: 'bad',
            ...(report.firstBadBlock !== undefined ? { firstBadBlock: report.firstBadBlock } : {}),
            ...(report.problem !== undefined ? { problem: report.problem } : {}),
          });
          return;
        }
        setRun(progress);
      }
      setRun({ ...progress, state: 'ok' });
    } catch (err) {
      if (controller.signal.aborted) setRun((r) => r && { ...r, state: 'stopped' });
      else setError(err as Error);
    } finally {
      abort.current = undefined;
    }
  };

  const percent = run && run.height > 0 ? Math.floor((run.blocks / run.height) * 100) : 0;
  return (
    <>
      <PageHeader title={t('audit.integrity.title')} />
      <Typography.Paragraph>{t('audit.integrity.intro')}</Typography.Paragraph>
      <LoadError error={error} />
      <Space className="integrity-actions">
        <Button type="primary" id="integrity-start" disabled={run?.state === 'running'} onClick={() => void start()}>
          {run ? t('audit.integrity.again') : t('audit.integrity.start')}
        </Button>
        {run?.state === 'running' && (
          <Button id="integrity-stop" onClick={() => abort.current?.abort()}>
            {t('audit.integrity.stop')}
          </Button>
        )}
        {height !== undefined && <span>{t('audit.integrity.height', { n: height })}</span>}
      </Space>
      {run && (
        <div className="integrity-progress">
          <Progress
            percent={percent}
            status={run.state === 'bad' ? 'exception' : run.state === 'ok' ? 'success' : run.state === 'running' ? 'active' : 'normal'}
            aria-label={t('audit.integrity.progress')}
          />
          <Descriptions
            id="integrity-counts"
            data-state={run.state}
            data-blocks={run.blocks}
            data-height={run.height}
            size="small"
            column={3}
            items={[
              { key: 'blocks', label: t('audit.integrity.blocks'), children: `${String(run.blocks)} / ${String(run.height)}` },
              { key: 'txs', label: t('audit.integrity.transactions'), children: run.transactions },
              { key: 'backend', label: t('audit.integrity.backend'), children: run.backend ?? '—' },
            ]}
          />
          <div role="status" aria-live="polite">
            {run.state === 'ok' && (
              <Alert type="success" showIcon id="integrity-verdict" message={t('audit.integrity.ok', { blocks: run.blocks, txs: run.transactions })} />
            )}
            {run.state === 'bad' && (
              <Alert
                type="error"
                showIcon
                id="integrity-verdict"
                message={t('audit.integrity.bad', { block: run.firstBadBlock ?? '?' })}
                description={run.problem}
              />
            )}
            {run.state === 'stopped' && <Alert type="warning" showIcon id="integrity-verdict" message={t('audit.integrity.stopped', { blocks: run.blocks })} />}
          </div>
        </div>
      )}
    </>
  );
}
