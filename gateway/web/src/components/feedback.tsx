/** One way to run a write and say how it went: the API's own words on failure, the transaction on success. */
import { App } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError } from '../api';
import { useI18n } from '../i18n';

interface Written {
  readonly txId?: string;
  readonly blockNumber?: number;
}

export function useWrite(): { busy: boolean; run: <T>(write: () => Promise<T>, success: (answer: T) => string) => Promise<T | undefined> } {
  const { message } = App.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T,>(write: () => Promise<T>, success: (answer: T) => string): Promise<T | undefined> => {
      setBusy(true);
      try {
        const answer = await write();
        const { txId, blockNumber } = (answer ?? {}) as Written;
        const tx = txId !== undefined ? ` — ${t('common.txInfo', { txId: txId.slice(0, 12) + '…', block: blockNumber ?? '?' })}` : '';
        void message.success(success(answer) + tx, 6);
        return answer;
      } catch (err) {
        const text = err instanceof ApiError ? `${String(err.status)} ${err.code}: ${err.detail}` : (err as Error).message;
        void message.error(text, 10);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [message, t],
  );
  return { busy, run };
}
