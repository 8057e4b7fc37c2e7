/** The button that switches the console between Chinese and English (on the sign-in page and in the signed-in frame). */
import Button from 'antd/es/button';
import type { ReactNode } from 'react';
import { useI18n } from './i18n';

export function LangSwitch(): ReactNode {
  const { lang, setLang, t } = useI18n();
  return (
    <Button size="small" ghost onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} lang={lang === 'zh' ? 'en' : 'zh-CN'} id="lang-switch">
      {t('lang.switch')}
    </Button>
  );
}
