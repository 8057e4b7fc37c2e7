/**
 * What a party may do with an order, as the chaincode allows it (market-contract.ts): the buyer
 * offers on an open listing (POST /orders, the price confidential); the seller accepts or counters
 * an offer, the buyer accepts a counter; the seller records the delivery with the deliverable's
 * SHA-256 (computed here from the chosen file, which never leaves the machine); the buyer
 * confirms it; either opens a dispute on an agreed or delivered order with its evidence's
 * SHA-256. The exchange resolves a dispute (refund, release, or partial with the agreed terms).
 * Each step that needs more than a click opens a dialog; amounts are typed in yuan, sent in fen.
 */
import { Button, Form, Input, Modal, Popconfirm, Select, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, intentKey } from '../api';
import { useWrite } from '../components/feedback';
import { fenOf } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import type { Listing, Order } from './common';

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

type Field = 'price' | 'file' | 'reason' | 'outcome' | 'refund';

interface DialogStep {
  readonly label: MessageKey;
  readonly fields: readonly Field[];
  readonly id: string;
  readonly dataId: string;
  readonly danger?: boolean;
  /** The request, from what was typed (files already hashed). */
  send(values: Record<string, string>): Promise<unknown>;
}

/** A button that opens a small form and sends one step. */
function StepDialog(props: { readonly step: DialogStep; readonly onDone: () => void }): ReactNode {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [hash, setHash] = useState<string | undefined>();
  const [form] = Form.useForm<Record<string, string>>();
  const { busy, run } = useWrite();
  const s = props.step;
  const label = t(s.label);
  const submit = async (values: Record<string, string>): Promise<void> => {
    const done = await run(
      () => s.send({ ...values, ...(hash !== undefined ? { hash } : {}) }),
      () => t('order.done', { step: label, id: s.dataId }),
    );
    if (done !== undefined) {
      setOpen(false);
      props.onDone();
    }
  };
  const yuanRule = {
    validator: (_: unknown, v: string | undefined) => ((fenOf(v ?? '') ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('market.priceYuan')))),
  };
  return (
    <>
      <Button size="small" danger={s.danger} data-action={s.id} data-id={s.dataId} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={`${label} · ${s.dataId}`}
        okText={label}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ disabled: s.fields.includes('file') && hash === undefined }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} name={`order-${s.id}`} layout="vertical" onFinish={(v) => void submit(v)} preserve={false}>
          {s.fields.includes('outcome') && (
            <Form.Item label={t('order.outcome')} name="outcome" initialValue="release">
              <Select options={(['release', 'refund', 'partial'] as const).map((o) => ({ value: o, label: t(`order.outcome.${o}`) }))} />
            </Form.Item>
          )}
          {s.fields.includes('price') && (
            <Form.Item label={t('market.priceYuan')} name="price" rules={[yuanRule]}>
              <Input inputMode="decimal" autoComplete="off" />
            </Form.Item>
          )}
          {s.fields.includes('refund') && (
            <Form.Item label={t('order.refundYuan')} name="refund" extra={t('order.refundHelp')}>
              <Input inputMode="decimal" autoComplete="off" />
            </Form.Item>
          )}
          {s.fields.includes('reason') && (
            <Form.Item label={t('order.reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('order.reason') }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
          {s.fields.includes('file') && (
            <Form.Item
              label={t(s.id === 'deliver' ? 'order.deliverable' : 'order.evidence')}
              htmlFor={`order-${s.id}-file`}
              extra={hash ? <code id={`order-${s.id}-hash`}>SHA-256 {hash}</code> : t('order.fileStays')}
            >
              <input
                type="file"
                id={`order-${s.id}-file`}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  setHash(undefined);
                  if (file) void sha256Hex(file).then(setHash);
                }}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}

function post(order: Order, step: string, body: unknown): Promise<unknown> {
  return api(`/orders/${encodeURIComponent(order.id)}/${step}`, { body, idempotencyKey: intentKey(step, order.id, body) });
}

/** The buyer's offer on an open listing someone else listed. */
export function OfferButton(props: { readonly listing: Listing; readonly onDone: () => void }): ReactNode {
  const l = props.listing;
  return (
    <StepDialog
      onDone={props.onDone}
      step={{
        id: 'offer',
        dataId: l.id,
        label: 'order.offer',
        fields: ['price'],
        send: (v) => api('/orders', { body: { listingId: l.id, offerPrice: fenOf(v['price'] ?? '') } }),
      }}
    />
  );
}

/** A party's steps on an order in its current state. */
export function PartyOrderActions(props: { readonly order: Order; readonly side: 'seller' | 'buyer'; readonly onDone: () => void }): ReactNode {
  const { t } = useI18n();
  const { busy, run } = useWrite();
  const o = props.order;
  const click = (step: 'accept' | 'confirm', label: MessageKey): ReactNode => (
    <Popconfirm
      title={t(step === 'accept' ? 'order.acceptConfirm' : 'order.confirmConfirm')}
      okText={t(label)}
      cancelText={t('common.cancel')}
      onConfirm={async () => {
        if (
          await run(
            () => post(o, step, {}),
            () => t('order.done', { step: t(label), id: o.id }),
          )
        )
          props.onDone();
      }}
    >
      <Button size="small" type="primary" data-action={step} data-id={o.id} disabled={busy}>
        {t(label)}
      </Button>
    </Popconfirm>
  );
  const dialog = (step: Omit<DialogStep, 'dataId'>): ReactNode => <StepDialog onDone={props.onDone} step={{ ...step, dataId: o.id }} />;
  const seller = props.side === 'seller';
  return (
    <Space wrap>
      {seller && o.status === 'offered' && click('accept', 'order.accept')}
      {seller &&
        o.status === 'offered' &&
        dialog({ id: 'counter', label: 'order.counter', fields: ['price'], send: (v) => post(o, 'counter', { price: fenOf(v['price'] ?? '') }) })}
      {!seller && o.status === 'countered' && click('accept', 'order.acceptCounter')}
      {seller &&
        o.status === 'agreed' &&
        dialog({ id: 'deliver', label: 'order.deliver', fields: ['file'], send: (v) => post(o, 'deliver', { deliverableHash: v['hash'] }) })}
      {!seller && o.status === 'delivered' && click('confirm', 'order.confirm')}
      {(o.status === 'agreed' || o.status === 'delivered') &&
        dialog({
          id: 'dispute',
          label: 'order.dispute',
          danger: true,
          fields: ['reason', 'file'],
          send: (v) => post(o, 'dispute', { reason: v['reason']?.trim(), evidenceHash: v['hash'] }),
        })}
    </Space>
  );
}

interface Agreed {
  readonly salt: string;
  readonly value: { readonly price: number };
}

/** The exchange's resolution of a disputed order; `partial` opens the agreed terms from its own peer. */
export function ResolveButton(props: { readonly order: Order; readonly onDone: () => void }): ReactNode {
  const o = props.order;
  const send = async (v: Record<string, string>): Promise<unknown> => {
    const outcome = v['outcome'] ?? 'release';
    const comment = v['reason']?.trim();
    if (outcome !== 'partial') return post(o, 'resolve', { outcome, ...(comment ? { comment } : {}) });
    const terms = await api<{ agreedFrom?: 'offer' | 'counter'; offer?: Agreed; counter?: Agreed }>(`/orders/${encodeURIComponent(o.id)}/terms`);
    const agreed = terms.agreedFrom ? terms[terms.agreedFrom] : undefined;
    if (!agreed) throw new Error('the agreed terms are not readable from this peer');
    return post(o, 'resolve', {
      outcome,
      price: agreed.value.price,
      salt: agreed.salt,
      refundFen: fenOf(v['refund'] ?? '') ?? 0,
      ...(comment ? { comment } : {}),
    });
  };
  return <StepDialog onDone={props.onDone} step={{ id: 'resolve', dataId: o.id, label: 'order.resolve', fields: ['outcome', 'refund', 'reason'], send }} />;
}
