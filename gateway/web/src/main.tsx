/**
 * The web console: sign-in with an API key, then the pages the signed-in identity's roles use,
 * each loaded on demand (charts and QR codes only with the pages that draw them).
 */
import AntApp from 'antd/es/app';
import ConfigProvider from 'antd/es/config-provider';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { StrictMode, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { api, currentKey, rememberKey } from './api';
import { stopFeed } from './feed';
import { LangProvider, translator, type Lang } from './i18n';
import { Shell } from './shell';
import { SessionContext, type Me } from './session';
import { SignIn } from './sign-in';

const LANG_STORAGE = 'dal.lang';

/** The platform's blue, and text colours dark enough for WCAG AA contrast (axe checks every page). */
const THEME = {
  token: {
    colorPrimary: '#0b3d6b',
    colorLink: '#0958d9',
    colorError: '#c41d1d',
    colorTextDescription: '#595959',
    colorTextTertiary: '#595959',
    borderRadius: 4,
  },
  components: { Menu: { itemSelectedBg: '#e3ecf6', itemSelectedColor: '#0b3d6b' } },
};

function initialLang(): Lang {
  return localStorage.getItem(LANG_STORAGE) === 'en' ? 'en' : 'zh';
}

function Console(): ReactNode {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [me, setMe] = useState<Me | undefined>();
  const [checking, setChecking] = useState(currentKey() !== undefined);
  const i18n = useMemo(
    () => ({
      lang,
      t: translator(lang),
      setLang: (next: Lang) => {
        localStorage.setItem(LANG_STORAGE, next);
        setLangState(next);
      },
    }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = i18n.t('app.title');
  }, [lang, i18n]);
  useEffect(() => {
    if (currentKey() === undefined) return;
    api<Me>('/me')
      .then(setMe, () => rememberKey(undefined))
      .finally(() => setChecking(false));
  }, []);
  const session = useMemo(
    () =>
      me && {
        me,
        signOut: () => {
          stopFeed();
          rememberKey(undefined);
          setMe(undefined);
        },
      },
    [me],
  );
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME}>
      {/* remounted per identity: nothing said to the previous one (messages, dialogs) stays on screen */}
      <AntApp key={me?.enrollmentId ?? 'signed-out'}>
        <LangProvider value={i18n}>
          {checking ? null : session ? (
            <SessionContext.Provider value={session}>
              <Shell />
            </SessionContext.Provider>
          ) : (
            <SignIn onSignedIn={setMe} />
          )}
        </LangProvider>
      </AntApp>
    </ConfigProvider>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <Console />
    </StrictMode>,
  );
