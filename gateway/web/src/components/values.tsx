/** How values are shown everywhere: CST times with the ISO on hover, exact yuan, translated statuses. */
import { Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { cst, yuan } from '../format';
import { tryTranslate, useI18n } from '../i18n';

export function Time(props: { readonly iso: string | undefined }): ReactNode {
  if (props.iso === undefined) return '—';
  return (
    <Tooltip title={props.iso}>
      <time dateTime={props.iso} title={props.iso}>
        {cst(props.iso)}
      </time>
    </Tooltip>
  );
}

export function Money(props: { readonly fen: number | undefined }): ReactNode {
  return <span className="money">{yuan(props.fen)}</span>;
}

const STATUS_COLOURS: Readonly<Record<string, string>> = {
  issued: 'green',
  active: 'green',
  open: 'green',
  approved: 'green',
  settled: 'green',
  normal: 'green',
  applied: 'blue',
  under_review: 'blue',
  filed: 'blue',
  offered: 'blue',
  countered: 'blue',
  pending: 'blue',
  publicizing: 'gold',
  agreed: 'cyan',
  delivered: 'cyan',
  confirmed: 'purple',
  disputed: 'red',
  rejected: 'red',
  revoked: 'red',
  dishonest: 'red',
  prohibited: 'red',
  restricted: 'orange',
  overdue: 'red',
  declined: 'red',
  enforced: 'volcano',
};

/** A status as a coloured tag in the current language; `data-status` keeps the raw value for tests. */
export function StatusTag(props: { readonly status: string | undefined; readonly prefix?: string }): ReactNode {
  const { t, lang } = useI18n();
  if (props.status === undefined) return '—';
  const prefix = props.prefix ?? 'status';
  return (
    <Tag color={STATUS_COLOURS[props.status] ?? 'default'} data-status={props.status}>
      {tryTranslate(t, lang, `${prefix}.${props.status}`)}
    </Tag>
  );
}

export function Code(props: { readonly children: ReactNode }): ReactNode {
  return (
    <Typography.Text code copyable={typeof props.children === 'string'} className="id-code">
      {props.children}
    </Typography.Text>
  );
}

/** A certificate id as a link to its printable page. */
export function CertLink(props: { readonly id: string }): ReactNode {
  return <a href={`#/print/${encodeURIComponent(props.id)}`}>{props.id}</a>;
}
