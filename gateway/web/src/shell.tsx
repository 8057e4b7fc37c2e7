/** The signed-in frame: header (who, language, sign out), the role's menu, and the page of the route. */
import Alert from 'antd/es/alert';
import AntApp from 'antd/es/app';
import Button from 'antd/es/button';
import Layout from 'antd/es/layout';
import Menu from 'antd/es/menu';
import Result from 'antd/es/result';
import Space from 'antd/es/space';
import Spin from 'antd/es/spin';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useFeedRefusal } from './feed';
import { tryTranslate, useI18n, type MessageKey } from './i18n';
import { LangSwitch } from './lang-switch';
import { navigate, usePath } from './route';
import { hasRole, useSession, type Me } from './session';

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): ComponentType {
  return lazy(async () => {
    const component: ComponentType = (await load())[name];
    return { default: component };
  });
}

const holder = (): Promise<typeof import('./pages/holder')> => import('./pages/holder');
const registrar = (): Promise<typeof import('./pages/registrar')> => import('./pages/registrar');
const exchange = (): Promise<typeof import('./pages/exchange')> => import('./pages/exchange');
const regulator = (): Promise<typeof import('./pages/regulator')> => import('./pages/regulator');
const bank = (): Promise<typeof import('./pages/bank')> => import('./pages/bank');
const audit = (): Promise<typeof import('./pages/audit')> => import('./pages/audit');

interface PageEntry {
  readonly path: string;
  readonly label: MessageKey;
  readonly component: ComponentType;
}

interface Section {
  readonly key: string;
  readonly label: MessageKey;
  readonly roles: readonly string[] | 'everyone';
  readonly pages: readonly PageEntry[];
}

const SECTIONS: readonly Section[] = [
  {
    key: 'holder',
    label: 'nav.holder',
    roles: ['holder', 'operator'],
    pages: [
      { path: '/holder/certificates', label: 'nav.holder.certificates', component: page(holder, 'HolderCertificates') },
      { path: '/holder/apply', label: 'nav.holder.apply', component: page(holder, 'ApplyForm') },
      { path: '/holder/grants', label: 'nav.holder.grants', component: page(holder, 'HolderGrants') },
      { path: '/holder/market', label: 'nav.holder.market', component: page(holder, 'HolderMarket') },
      { path: '/holder/pledge', label: 'nav.holder.pledge', component: page(() => import('./pages/pledge-request'), 'PledgeRequest') },
    ],
  },
  {
    key: 'registrar',
    label: 'nav.registrar',
    roles: ['registrar'],
    pages: [
      { path: '/registrar/queue', label: 'nav.registrar.queue', component: page(registrar, 'ReviewQueue') },
      { path: '/registrar/agreements', label: 'nav.registrar.agreements', component: page(registrar, 'Agreements') },
    ],
  },
  {
    key: 'exchange',
    label: 'nav.exchange',
    roles: ['exchange'],
    pages: [
      { path: '/exchange/listings', label: 'nav.exchange.listings', component: page(exchange, 'ExchangeListings') },
      { path: '/exchange/board', label: 'nav.exchange.board', component: page(exchange, 'OrderBoard') },
    ],
  },
  {
    key: 'regulator',
    label: 'nav.regulator',
    roles: ['regulator', 'auditor'],
    pages: [
      { path: '/regulator/negative', label: 'nav.regulator.negative', component: page(regulator, 'NegativeList') },
      { path: '/regulator/filings', label: 'nav.regulator.filings', component: page(regulator, 'Filings') },
      { path: '/regulator/credit', label: 'nav.regulator.credit', component: page(regulator, 'CreditFlags') },
      { path: '/regulator/prices', label: 'nav.regulator.prices', component: page(() => import('./pages/prices'), 'PriceMonitoring') },
    ],
  },
  {
    key: 'bank',
    label: 'nav.bank',
    roles: ['bank'],
    pages: [
      { path: '/bank/pledges', label: 'nav.bank.pledges', component: page(bank, 'BankPledges') },
      { path: '/bank/dossier', label: 'nav.bank.dossier', component: page(bank, 'PledgeDossier') },
    ],
  },
  {
    key: 'audit',
    label: 'nav.audit',
    roles: ['auditor', 'regulator'],
    pages: [
      { path: '/audit/lifecycle', label: 'nav.audit.lifecycle', component: page(audit, 'Lifecycle') },
      { path: '/audit/lineage', label: 'nav.audit.lineage', component: page(() => import('./pages/lineage'), 'LineageGraph') },
      { path: '/audit/integrity', label: 'nav.audit.integrity', component: page(() => import('./pages/integrity'), 'LedgerIntegrity') },
    ],
  },
  {
    key: 'public',
    label: 'nav.public',
    roles: 'everyone',
    pages: [{ path: '/print', label: 'nav.public.print', component: page(() => import('./pages/print'), 'PrintCertificate') }],
  },
];

/** The public 公示 board, served by the gateway outside the console. */
const PUBLICITY = '/publicity';

function sectionsOf(me: Me): Section[] {
  return SECTIONS.filter((s) => s.roles === 'everyone' || hasRole(me, ...s.roles));
}

function pageAt(sections: readonly Section[], path: string): PageEntry | undefined {
  const entries = sections.flatMap((s) => s.pages);
  return entries.find((p) => p.path === path) ?? entries.find((p) => path.startsWith(`${p.path}/`));
}

function Home(): ReactNode {
  const { t } = useI18n();
  const { me } = useSession();
  const sections = sectionsOf(me);
  return (
    <>
      <h1 className="page-title">
        {t('home.welcome')}, {me.enrollmentId}
      </h1>
      <Typography.Paragraph>{t('home.where')}</Typography.Paragraph>
      {sections.map((s) => (
        <section key={s.key} className="home-section" aria-label={t(s.label)}>
          <h2>{t(s.label)}</h2>
          <Space wrap>
            {s.pages.map((p) => (
              <Button key={p.path} href={`#${p.path}`}>
                {t(p.label)}
              </Button>
            ))}
          </Space>
        </section>
      ))}
      <Typography.Paragraph>
        {t('home.publicLinks')} <a href="/verify">{t('nav.public.verify')}</a> · <a href={PUBLICITY}>{t('nav.public.publicity')}</a> ·{' '}
        <a href="/api/docs">{t('nav.public.docs')}</a>
      </Typography.Paragraph>
    </>
  );
}

/** Says so while the gateway refuses the live updates (too many streams of this identity open, e.g. in other tabs). */
function FeedRefusedNotice(): ReactNode {
  const { t, lang } = useI18n();
  const until = useFeedRefusal();
  if (until === undefined) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="status"
      id="feed-refused"
      className="feed-refused"
      message={t('feed.refused', { time: new Date(until).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en') })}
    />
  );
}

export function Shell(): ReactNode {
  const { t, lang } = useI18n();
  const { me, signOut } = useSession();
  const path = usePath();
  const sections = sectionsOf(me);
  const current = pageAt(sections, path);
  const Page = current?.component;
  return (
    // Ant Design's App (messages, dialogs of the pages) lives in this chunk, not in the first load's
    <AntApp>
      <Layout className="app-layout">
        <Layout.Header className="app-header">
          <a className="app-title" href="#/">
            {t('app.title')}
          </a>
          <Space className="app-identity">
            <span>
              {t('signin.as')}: <strong id="me-enrollment">{me.enrollmentId}</strong> · {me.mspId}
            </span>
            {me.roles.map((r) => (
              <Tag key={r} color="gold" data-role={r}>
                {tryTranslate(t, lang, `role.${r}`)}
              </Tag>
            ))}
            <LangSwitch />
            <Button size="small" onClick={signOut} id="sign-out">
              {t('signin.signout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout>
          <Layout.Sider width={232} theme="light" className="app-sider">
            <nav aria-label={t('nav.home')}>
              <Menu
                mode="inline"
                selectedKeys={[current?.path ?? '/']}
                defaultOpenKeys={sections.map((s) => s.key)}
                onClick={({ key }) => key !== PUBLICITY && navigate(key)}
                items={[
                  { key: '/', label: t('nav.home') },
                  ...sections.map((s) => ({
                    key: s.key,
                    label: t(s.label),
                    children: [
                      ...s.pages.map((p) => ({ key: p.path, label: t(p.label) })),
                      // the public 公示 board is a page of its own (server-rendered, no key): a plain link
                      ...(s.key === 'public'
                        ? [
                            {
                              key: PUBLICITY,
                              label: (
                                <a href={PUBLICITY} id="nav-publicity">
                                  {t('nav.public.publicity')}
                                </a>
                              ),
                            },
                          ]
                        : []),
                    ],
                  })),
                ]}
              />
            </nav>
          </Layout.Sider>
          <Layout.Content className="app-content">
            <main>
              <FeedRefusedNotice />
              {path === '/' ? (
                <Home />
              ) : Page ? (
                <Suspense fallback={<Spin aria-label={t('common.loading')} />}>
                  <Page key={path} />
                </Suspense>
              ) : (
                <Result status="404" title="404" subTitle={path} extra={<Button href="#/">{t('nav.home')}</Button>} />
              )}
            </main>
          </Layout.Content>
        </Layout>
      </Layout>
    </AntApp>
  );
}
