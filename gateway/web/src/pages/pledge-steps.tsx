/**
 * The bank's two steps on a pledge that take more than a click, each in a dialog: consent that
 * the pledged asset may be listed at an exchange (POST /pledges/{id}/listing-consent, on an
 * active pledge), and enforcement (处置) once the term ended unreleased (POST
 * /pledges/{id}/enforce: every right of the pledgor to `transferTo`, with the reason recorded).
 */
import { Button, Form, Input, Modal, Select } from 'antd';
import { useState, type ReactNode } from 'react';
import consortium from '../../../../network/consortium.json';
import { api, intentKey } from '../api';
import { useWrite } from '../components/feedback';
import { useI18n } from '../i18n';
import type { Pledge } from './bank';

/** The consortium's exchanges, from the same file the network is generated from. */
const EXCHANGES = consortium.organizations.filter((o) => o.type === 'exchange').map((o) => ({ mspId: o.mspId, name: o.name, nameZh: o.nameZh }));

type Step = 'listing-consent' | 'enforce';

export function PledgeStepButton(props: { readonly pledge: Pledge; readonly step: Step; readonly onDone: () => void }): ReactNode {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Record<string, string>>();
  const { busy, run } = useWrite();
  const p = props.pledge;
  const submit = async (values: Record<string, string>): Promise<void> => {
    const body =
      props.step === 'enforce'
        ? { transferTo: (values['transferTo'] ?? '').trim(), reason: (values['reason'] ?? '').trim() }
        : { exchange: values['exchange'] };
    const done = await run(
      () => api<Pledge>(`/pledges/${encodeURIComponent(p.id)}/${props.step}`, { body, idempotencyKey: intentKey(props.step, p.id, body) }),
      () => t(props.step === 'enforce' ? 'bank.done.enforce' : 'bank.done.consent', { id: p.id }),
    );
    if (done) {
      setOpen(false);
      props.onDone();
    }
  };
  const label = t(props.step === 'enforce' ? 'bank.enforce' : 'bank.consent');
  return (
    <>
      <Button size="small" danger={props.step === 'enforce'} data-action={props.step} data-id={p.id} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={`${label} · ${p.id}`}
        okText={label}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} name={`pledge-${props.step}`} layout="vertical" onFinish={(v) => void submit(v)} preserve={false}>
          {props.step === 'enforce' ? (
            <>
              <p>{t('bank.enforceIntro', { certificate: p.certificateId })}</p>
              <Form.Item
                label={t('bank.transferTo')}
                name="transferTo"
                rules={[{ required: true, whitespace: true, min: 18, message: t('bank.transferToHelp') }]}
                extra={t('bank.transferToHelp')}
              >
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item label={t('bank.reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('bank.reason') }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          ) : (
            <>
              <p>{t('bank.consentIntro', { certificate: p.certificateId })}</p>
              <Form.Item label={t('bank.exchange')} name="exchange" initialValue={EXCHANGES[0]?.mspId}>
                <Select options={EXCHANGES.map((e) => ({ value: e.mspId, label: `${lang === 'zh' ? e.nameZh : e.name} (${e.mspId})` }))} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
