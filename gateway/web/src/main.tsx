/**
 * The web console: sign-in with an API key, then the pages the signed-in identity's roles use,
 * each loaded on demand (charts and QR codes only with the pages that draw them).
 */
import ConfigProvider from 'antd/es/config-provider';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { lazy, StrictMode, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { api, currentKey, rememberKey } from './api';
import { stopFeed } from './feed';
import { LangProvider, translator, type Lang } from './i18n';
import { SessionContext, type Me } from './session';
import { SignIn } from './sign-in';
import { THEME } from './theme';

const LANG_STORAGE = 'dal.lang';

/**
 * The signed-in frame (menu, layout, the pages' routes) is a chunk of its own: the first load
 * draws the sign-in form without it, then fetches it while the user types the key (or at once
 * when a key is remembered).
 */
const loadShell = (): Promise<typeof import('./shell')> => import('./shell');
const Shell = lazy(async () => ({ default: (await loadShell()).Shell }));

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
    if (currentKey() === undefined) {
      // the sign-in form is up: fetch the frame behind it while the key is typed
      const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
      idle(() => void loadShell());
      return;
    }
    void loadShell();
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
      <LangProvider value={i18n}>
        {checking ? null : session ? (
          <SessionContext.Provider value={session}>
            <Suspense fallback={null}>
              {/* remounted per identity: nothing said to the previous one (messages, dialogs) stays on screen */}
              <Shell key={session.me.enrollmentId} />
            </Suspense>
          </SessionContext.Provider>
        ) : (
          <SignIn onSignedIn={setMe} />
        )}
      </LangProvider>
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
