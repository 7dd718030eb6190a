/**
 * The user agreement and privacy policy a customer accepts at sign-in, in plain Chinese, and their version. The
 * apps show these texts and send the version with the sign-in; the server records which version was accepted, and
 * when. A change of wording is a new version.
 */
export const CONSENT_VERSION = '2026-12-07';

export interface PolicyText {
  title: string;
  /** Short paragraphs, each one plain sentence or two. */
  paragraphs: string[];
}

export const USER_AGREEMENT: PolicyText = {
  title: '用户协议',
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
  paragraphs: [
    '我们收集：您的手机号（用于登录和联系您）、服务地址（用于安排工程师上门）、家电信息（品类、品牌、型号、购买日期，用于判断是否在保修期内和准备配件）、您上传的故障照片和工程师拍摄的服务照片（用于判断问题和记录服务）。',
    '这些信息只用于为您提供上门服务、处理投诉和售后回访。工程师只能看到他负责的订单，接单前看不到您的完整电话和门牌号。',
    '我们不会把您的信息卖给任何人，也不会用于与服务无关的推销。',
    '信息保存在中国境内的服务器上。服务照片和记录按法律要求保存，到期后删除。',
    '您可以随时查看和修改自己的地址和家电信息；如需注销账号或删除信息，请联系服务网点。',
  ],
};
