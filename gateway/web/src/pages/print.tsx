/**
 * The printable certificate (A4, bilingual): what a holder shows a counterparty. Its QR code
 * links to /v/{queryCode}, which opens the public verification page for that code.
 */
import { Alert, Button, Form, Input, Space, Spin } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../api';
import { useLoad } from '../components/use-load';
import { cst } from '../format';
import { useI18n, type MessageKey, type Translate } from '../i18n';
import { navigate, usePath } from '../route';
import { LoadError, type Certificate } from './common';

function QrCode(props: { readonly url: string }): ReactNode {
  const [svg, setSvg] = useState<string | undefined>();
  useEffect(() => {
    void QRCode.toString(props.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then(setSvg);
  }, [props.url]);
  return svg === undefined ? <Spin /> : <div className="qr" data-url={props.url} role="img" aria-label={props.url} dangerouslySetInnerHTML={{ __html: svg }} />;
}

function Row(props: { readonly zh: string; readonly en: string; readonly children: ReactNode }): ReactNode {
  return (
    <tr>
      <th scope="row">
        {props.zh}
        <span className="en">{props.en}</span>
      </th>
      <td>{props.children}</td>
    </tr>
  );
}

function both(t: Translate, en: Translate, key: MessageKey): [string, string] {
  return [t(key), en(key)];
}

interface Verification {
  readonly issuer?: { readonly mspId?: string; readonly name?: string; readonly nameZh?: string };
}

type Printed = Certificate & Verification;

function Sheet(props: { readonly cert: Printed }): ReactNode {
  const { t } = useI18n();
  const c = props.cert;
  const url = `${window.location.origin}/v/${encodeURIComponent(c.queryCode ?? '')}`;
  const zh = t;
  const en = (key: MessageKey): string => ENGLISH[key] ?? key;
  const row = (key: MessageKey, value: ReactNode): ReactNode => {
    const [z, e] = both(zh, en, key);
    return (
      <Row key={key} zh={z} en={e}>
        {value}
      </Row>
    );
  };
  const labelBoth = (key: string): string => `${zh(key as MessageKey)} ${en(key as MessageKey)}`;
  return (
    <article className="certificate-sheet" id="certificate-sheet" data-id={c.id} lang="zh-CN">
      <header>
        <h1>
          {t('print.title')}
          <span className="en">{ENGLISH['print.titleEn']}</span>
        </h1>
        <p className="cert-no">
          No. <strong>{c.id}</strong>
        </p>
      </header>
      <table className="cert-facts">
        <tbody>
          {row('common.name', c.name)}
          {row('field.assetType', labelBoth(`assetType.${c.assetType ?? ''}`))}
          {row('field.category', labelBoth(`category.${c.category ?? ''}`))}
          {row('field.grade', labelBoth(`grade.${c.grade ?? ''}`))}
          {row('field.source', labelBoth(`source.${c.source ?? ''}`))}
          {row(
            'field.rights',
            <ul>
              {c.rights.map((r) => (
                <li key={r.type}>
                  {labelBoth(`right.${r.type}`)}: <span className="mono">{r.holder}</span>
                </li>
              ))}
            </ul>,
          )}
          {row('field.fingerprint', <span className="mono small">{c.fingerprint}</span>)}
          {row(
            'print.issuer',
            <>
              {c.issuer?.nameZh ?? c.registry}
              {c.issuer?.name !== undefined && <span className="en-inline">{c.issuer.name}</span>}
            </>,
          )}
          {row('field.issuedAt', `${cst(c.issuedAt)} (UTC+8)`)}
          {row('field.expiresAt', `${cst(c.expiresAt)} (UTC+8)`)}
          {row('field.queryCode', <strong className="mono">{c.queryCode}</strong>)}
        </tbody>
      </table>
      <footer>
        <div>
          <QrCode url={url} />
          <p className="scan">{t('print.scan')}</p>
        </div>
        <p className="footnote">
          {zh('print.footer', { url })}
          <br />
          <span className="en">{ENGLISH['print.footer'].replace('{url}', url)}</span>
        </p>
      </footer>
    </article>
  );
}

/** English labels for the bilingual sheet, whatever the console's language. */
const ENGLISH: Partial<Record<MessageKey, string>> & { 'print.titleEn': string; 'print.footer': string } = {
  'print.titleEn': 'Data Asset Registration Certificate',
  'print.footer': 'Whether this certificate holds is what the consortium ledger says now: scan the QR code or open {url} to verify.',
  'common.name': 'Name',
  'field.assetType': 'Asset type',
  'field.category': 'Category',
  'field.grade': 'Grade',
  'field.source': 'Source',
  'field.rights': 'Rights',
  'field.fingerprint': 'Fingerprint (SHA-256)',
  'print.issuer': 'Issuing registry',
  'field.issuedAt': 'Issued',
  'field.expiresAt': 'Expires',
  'field.queryCode': 'Query code',
  'assetType.resource': 'data resource',
  'assetType.element': 'data element',
  'assetType.product': 'data product',
  'grade.general': 'general',
  'grade.important': 'important',
  'source.public': 'public',
  'source.enterprise': 'enterprise',
  'source.personal': 'personal',
  'right.holding': 'holding',
  'right.processing': 'processing',
  'right.operating': 'operating',
  'category.healthcare': 'healthcare',
  'category.manufacturing': 'manufacturing',
  'category.new-energy': 'new energy',
  'category.finance': 'finance',
  'category.transport': 'transport',
  'category.culture-tourism': 'culture & tourism',
  'category.agriculture': 'agriculture',
  'category.public-service': 'public service',
  'category.other': 'other',
};

export function PrintCertificate(): ReactNode {
  const { t } = useI18n();
  const path = usePath();
  const id = decodeURIComponent(path.slice('/print/'.length));
  const hasId = path.startsWith('/print/') && id !== '';
  const cert = useLoad(async () => {
    if (!hasId) return undefined;
    const path = `/certificates/${encodeURIComponent(id)}`;
    // the issuer's names come from the public verification of the same certificate
    const [found, verification] = await Promise.all([api<Certificate>(path), api<Verification>(`${path}/verification`, { anonymous: true })]);
    return { ...found, issuer: verification.issuer };
  }, [id, hasId]);
  return (
    <>
      <div className="no-print">
        <Form
          name="print"
          layout="inline"
          onFinish={(v: { id: string }) => navigate(`/print/${encodeURIComponent(v.id.trim())}`)}
          initialValues={{ id: hasId ? id : '' }}
        >
          <Form.Item label={t('print.idPrompt')} name="id" rules={[{ required: true, whitespace: true }]}>
            <Input placeholder="321200-2026-000001" style={{ width: 240 }} />
          </Form.Item>
          <Space>
            <Button htmlType="submit">{t('print.open')}</Button>
            {cert.data?.status === 'issued' && (
              <Button type="primary" onClick={() => window.print()}>
                {t('print.print')}
              </Button>
            )}
          </Space>
        </Form>
        <LoadError error={cert.error} />
      </div>
      {hasId && cert.loading && <Spin />}
      {cert.data && (cert.data.status === 'issued' ? <Sheet cert={cert.data} /> : <Alert type="warning" showIcon message={t('print.notIssued')} />)}
    </>
  );
}
