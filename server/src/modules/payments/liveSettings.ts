import fs from 'node:fs';

/** Which WeChat Pay merchant settings are given (config.ts refuses some without the others). No imports of config: it reads this. */
/** The live settings' names; all or none must be given. */
export const WECHATPAY_REQUIRED = ['WECHATPAY_MCHID', 'WECHATPAY_SERIAL', 'WECHATPAY_PRIVATE_KEY(_PATH)', 'WECHATPAY_APIV3_KEY', 'WECHATPAY_PLATFORM_PUBLIC_KEY(_PATH)', 'WECHATPAY_PLATFORM_SERIAL', 'WECHATPAY_APPID or WECHAT_APPID'] as const;

type WechatPayEnv = Partial<Record<
  | 'WECHATPAY_MCHID'
  | 'WECHATPAY_APPID'
  | 'WECHAT_APPID'
  | 'WECHATPAY_SERIAL'
  | 'WECHATPAY_PRIVATE_KEY'
  | 'WECHATPAY_PRIVATE_KEY_PATH'
  | 'WECHATPAY_APIV3_KEY'
  | 'WECHATPAY_PLATFORM_PUBLIC_KEY'
  | 'WECHATPAY_PLATFORM_PUBLIC_KEY_PATH'
  | 'WECHATPAY_PLATFORM_SERIAL',
  string | undefined
>>;

export const pem = (value: string | undefined, file: string | undefined): string | undefined => {
  if (value) return value.replace(/\\n/g, '\n');
  if (file) return fs.readFileSync(file, 'utf8');
  return undefined;
};

/** Which live settings are given and which are missing (for the configuration check). */
export function wechatPayLiveSettings(env: WechatPayEnv): { given: boolean; missing: string[] } {
  const present = {
    WECHATPAY_MCHID: !!env.WECHATPAY_MCHID,
    WECHATPAY_SERIAL: !!env.WECHATPAY_SERIAL,
    'WECHATPAY_PRIVATE_KEY(_PATH)': !!(env.WECHATPAY_PRIVATE_KEY || env.WECHATPAY_PRIVATE_KEY_PATH),
    WECHATPAY_APIV3_KEY: !!env.WECHATPAY_APIV3_KEY,
    'WECHATPAY_PLATFORM_PUBLIC_KEY(_PATH)': !!(env.WECHATPAY_PLATFORM_PUBLIC_KEY || env.WECHATPAY_PLATFORM_PUBLIC_KEY_PATH),
    WECHATPAY_PLATFORM_SERIAL: !!env.WECHATPAY_PLATFORM_SERIAL,
  };
  // The app id alone does not mean WeChat Pay is configured (WECHAT_APPID is the mini-program's sign-in).
  const given = Object.values(present).some(Boolean);
  const missing = Object.entries(present).filter(([, ok]) => !ok).map(([k]) => k);
  if (!(env.WECHATPAY_APPID || env.WECHAT_APPID)) missing.push('WECHATPAY_APPID or WECHAT_APPID');
  return { given, missing };
}

