/** Sign-in: paste an API key; GET /api/v1/me says whose it is. */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Layout from 'antd/es/layout';
import { useState, type ReactNode } from 'react';
import { api, ApiError, rememberKey } from './api';
import { useI18n } from './i18n';
import type { Me } from './session';
import { LangSwitch } from './lang-switch';

const DEMO_IDENTITIES = [
  'enterprise-a',
  'enterprise-b',
  'data-group',
  'taizhou-registrar',
  'yancheng-registrar',
  'exchange-operator',
  'regulator',
  'auditor',
  'bank-officer',
];

export function SignIn(props: { readonly onSignedIn: (me: Me) => void }): ReactNode {
  const { t } = useI18n();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { apiKey: string }): Promise<void> => {
    setBusy(true);
    setError(undefined);
    rememberKey(values.apiKey.trim());
    try {
      props.onSignedIn(await api<Me>('/me'));
    } catch (err) {
      rememberKey(undefined);
      setError(err instanceof ApiError ? err.detail : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout className="signin-layout">
      <Layout.Header className="app-header">
        <span className="app-title">{t('app.title')}</span>
        <LangSwitch />
      </Layout.Header>
      <Layout.Content className="signin-content">
        <main>
          {/* a plain panel rather than antd's Card, which brings Tabs, menus and Skeleton into the first load */}
          <section className="signin-card" aria-labelledby="signin-title">
            <div className="signin-card-head">
              <h1 className="card-heading" id="signin-title">
                {t('signin.title')}
              </h1>
            </div>
            <div className="signin-card-body">
              <p>{t('signin.intro')}</p>
              <Alert
                type="info"
                showIcon
                message={t('signin.demo')}
                description={
                  <span>
                    {t('signin.demoIdentities')}:{' '}
                    {DEMO_IDENTITIES.map((name) => (
                      <code className="demo-identity" key={name}>
                        {name}
                      </code>
                    ))}
                  </span>
                }
              />
              <Form name="signin" layout="vertical" onFinish={submit} className="signin-form" requiredMark={false}>
                <Form.Item label={t('signin.key')} name="apiKey" rules={[{ required: true, whitespace: true, message: t('signin.key') }]}>
                  <Input.Password autoComplete="off" autoFocus />
                </Form.Item>
                {error !== undefined && <Alert type="error" showIcon message={t('signin.failed')} description={error} id="signin-error" />}
                <Button type="primary" htmlType="submit" loading={busy} id="sign-in">
                  {t('signin.submit')}
                </Button>
              </Form>
              <p className="public-links">
                {t('home.publicLinks')} <a href="/verify">{t('nav.public.verify')}</a> · <a href="/api/docs">{t('nav.public.docs')}</a>
              </p>
            </div>
          </section>
        </main>
      </Layout.Content>
    </Layout>
  );
}
