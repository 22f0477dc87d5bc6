import { Segmented } from 'antd';
import { useLang, type Lang } from './i18n.tsx';

/** 中文 / English, remembered in this browser. */
export function LangSwitch() {
  const { lang, setLang } = useLang();
  return (
    <Segmented<Lang>
      size="small"
      value={lang}
      onChange={(v) => setLang(v)}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'English', value: 'en' },
      ]}
      aria-label="Language 语言"
    />
  );
}
