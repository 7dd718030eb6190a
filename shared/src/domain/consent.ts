/**
 * The user agreement and privacy policy a customer accepts at sign-in, in plain Chinese, each with its version. The
 * apps show these texts and send the versions the customer ticked with the sign-in; the server refuses a customer
 * sign-in that does not carry agreement to the current version of both, and records each acceptance once per
 * version (user, version, time, channel). A change of wording is a new version: every customer agrees again at their
 * next sign-in.
 */

export interface PolicyText {
  title: string;
  /** The date the wording took effect (YYYY-MM-DD); a change of wording is a new version. */
  version: string;
  /** Short paragraphs, each one plain sentence or two. */
  paragraphs: string[];
}

export const USER_AGREEMENT: PolicyText = {
  title: '用户协议',
  version: '2026-12-07',
  paragraphs: [
    '放心服务帮您预约家电上门维修、安装、清洗和保养，并让您在工程师上门前核验他的身份。',
    '价格以公开价目表为准。工程师上门后先报价，您确认后才施工；您没有确认的费用，不用支付。',
    '服务完成后，您可以验收、评价；问题没有修好的，保修期内可以申请免费二次上门；不满意可以投诉，我们会跟进到解决。',
    '请如实填写地址和问题，按约定时间在家等候；需要改约或取消，请在订单页操作。',
    '如有疑问，可以联系负责您订单的服务网点。',
  ],
};

export const PRIVACY_POLICY: PolicyText = {
  title: '隐私政策',
  version: '2026-12-07',
  paragraphs: [
    '我们收集：您的手机号（用于登录和联系您）、服务地址（用于安排工程师上门）、家电信息（品类、品牌、型号、购买日期，用于判断是否在保修期内和准备配件）、您上传的故障照片和工程师拍摄的服务照片（用于判断问题和记录服务）。',
    '这些信息只用于为您提供上门服务、处理投诉和售后回访。工程师只能看到他负责的订单，接单前看不到您的完整电话和门牌号。',
    '我们不会把您的信息卖给任何人，也不会用于与服务无关的推销。',
    '信息保存在中国境内的服务器上。服务照片和记录按法律要求保存，到期后删除。',
    '您可以随时查看和修改自己的地址和家电信息；如需注销账号或删除信息，请联系服务网点。',
  ],
};

/** The two documents a customer agrees to, by key (the key names the field in a sign-in's `consent`). */
export const POLICY_DOCUMENTS = { userAgreement: USER_AGREEMENT, privacyPolicy: PRIVACY_POLICY } as const;
export type PolicyDocument = keyof typeof POLICY_DOCUMENTS;
export const POLICY_DOCUMENT_KEYS = Object.keys(POLICY_DOCUMENTS) as PolicyDocument[];

/** What a sign-in carries when the customer ticked 我已阅读并同意: the version of each document they read. */
export type ConsentVersions = Record<PolicyDocument, string>;

/** The current versions, as the sign-in must send them. */
export function currentConsent(): ConsentVersions {
  return { userAgreement: USER_AGREEMENT.version, privacyPolicy: PRIVACY_POLICY.version };
}

/** Said when a customer sign-in carries no agreement. */
export const CONSENT_REQUIRED_MESSAGE = '请先阅读并同意《用户协议》和《隐私政策》';
/** Said when it carries agreement to a version that is no longer current. */
export const consentOutdatedMessage = (doc: PolicyDocument) => `《${POLICY_DOCUMENTS[doc].title}》已更新，请重新阅读并同意`;

/** "2026年12月7日版", for showing a document's version to customers. */
export function policyVersionLabel(version: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(version);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日版` : version;
}
