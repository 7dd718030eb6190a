import { allEndpoints, API_BASE_PATH, type AnyEndpoint } from '../contract/index';

/**
 * The audit log in words: one sentence per entry, "who did what to which object" (派单：订单 FX… ，工程师：张三), in
 * Chinese and English. Written once here; the server composes each entry's sentence with it (it knows the names of
 * the objects), the admin shows it. The raw action, target and data stay in the entry for the technical details.
 */

export interface Words {
  zh: string;
  en: string;
}

/** What the specific entries record (`action`), in words. */
export const AUDIT_ACTION_TEXT: Record<string, Words> = {
  'auth.sign_in': { zh: '登录', en: 'signed in' },
  'auth.locked': { zh: '多次输错密码，账号被暂时锁定', en: 'was locked out after repeated wrong passwords' },
  'auth.refresh_reuse': { zh: '登录凭证被重复使用，已强制下线', en: 'had a reused sign-in token; signed out everywhere' },
  'pii.reveal_contact': { zh: '查看客户完整电话和地址', en: 'viewed the customer’s full phone and address' },
  'pii.reveal_engineer_phone': { zh: '查看工程师电话', en: 'viewed the engineer’s phone' },
  'export.orders_csv': { zh: '导出订单表', en: 'exported orders' },
  'export.surveys_csv': { zh: '导出评价表', en: 'exported surveys' },
  'evidence.download': { zh: '下载证据包', en: 'downloaded the evidence pack' },
  'user.create': { zh: '新建员工账号', en: 'created a staff account' },
  'user.update': { zh: '修改员工账号', en: 'changed a staff account' },
  'user.disable': { zh: '停用员工账号', en: 'disabled a staff account' },
  'user.enable': { zh: '启用员工账号', en: 're-enabled a staff account' },
  'user.reset_password': { zh: '重置员工密码', en: 'reset a staff password' },
  'engineer.create': { zh: '新增工程师', en: 'added an engineer' },
  'engineer.update': { zh: '修改工程师资料', en: 'changed an engineer’s details' },
  'engineer.move': { zh: '调动工程师到其他网点', en: 'moved an engineer to another outlet' },
  'engineer.skills': { zh: '更新工程师技能考核', en: 'updated an engineer’s assessments' },
  'engineer.certificates': { zh: '更新工程师证书', en: 'updated an engineer’s certificates' },
  'engineer.suspend': { zh: '停职工程师', en: 'suspended an engineer' },
  'engineer.reactivate': { zh: '恢复工程师在岗', en: 'reactivated an engineer' },
  'outlet.create': { zh: '开设网点', en: 'opened an outlet' },
  'outlet.update': { zh: '修改网点资料', en: 'changed an outlet' },
  'outlet.coverage': { zh: '修改网点服务区域', en: 'changed an outlet’s districts' },
  'outlet.dispatch_mode': { zh: '修改网点派单方式', en: 'changed an outlet’s dispatch mode' },
  'card.issue': { zh: '签发工作证', en: 'issued a work card' },
  'card.reissue': { zh: '补发工作证', en: 'reissued a work card' },
  'card.revoke': { zh: '吊销工作证', en: 'revoked a work card' },
  'catalog.item_created': { zh: '新增价目表项目（草稿）', en: 'added a price-list item (draft)' },
  'catalog.item_updated': { zh: '修改价目表项目（草稿）', en: 'changed a price-list item (draft)' },
  'catalog.item_deactivated': { zh: '停用价目表项目（草稿）', en: 'deactivated a price-list item (draft)' },
  'catalog.policy_updated': { zh: '修改品类收费规则（草稿）', en: 'changed a category policy (draft)' },
  'catalog.published': { zh: '发布新版价目表', en: 'published a new price list' },
  'settings.update': { zh: '修改服务标准设置', en: 'changed the service settings' },
  'survey_template.create': { zh: '新建评价问卷', en: 'created a survey template' },
  'survey_template.update': { zh: '修改评价问卷', en: 'changed a survey template' },
  'survey_template.delete': { zh: '删除评价问卷', en: 'deleted a survey template' },
  'survey_template.set_default': { zh: '设为默认评价问卷', en: 'made a survey template the default' },
  'return_visit.outcome': { zh: '记录回访结果', en: 'recorded a return visit' },
  'return_visit.assign': { zh: '指派回访任务', en: 'assigned a return visit' },
  'complaint.acknowledge': { zh: '受理投诉', en: 'acknowledged a complaint' },
  'complaint.investigate': { zh: '开始调查投诉', en: 'started investigating a complaint' },
  'complaint.resolve': { zh: '提交投诉处理结果', en: 'resolved a complaint' },
  'complaint.note': { zh: '添加投诉内部备注', en: 'added an internal note to a complaint' },
  'complaint.approve_compensation': { zh: '批准投诉赔偿', en: 'approved a complaint’s compensation' },
  'complaint.reject_compensation': { zh: '驳回投诉赔偿', en: 'rejected a complaint’s compensation' },
  // The governance loop (issue 19): shared/src/domain/governance.ts.
  'governance.publish': { zh: '发布月度排名', en: 'published the monthly ranking' },
  'rectification.submit': { zh: '提交整改报告', en: 'submitted a rectification report' },
  'rectification.accept': { zh: '通过整改报告', en: 'accepted a rectification report' },
  'rectification.return': { zh: '退回整改报告', en: 'returned a rectification report' },
  'rectification.overdue': { zh: '记录整改逾期', en: 'marked a rectification overdue' },
  'sanction.warning': { zh: '记录警告', en: 'recorded a warning' },
  'sanction.fine': { zh: '记录罚款', en: 'recorded a fine' },
  // Appeals (issue 20.2): shared/src/domain/appeals.ts.
  'appeal.file': { zh: '提出申诉', en: 'filed an appeal' },
  'appeal.uphold': { zh: '裁定申诉成立', en: 'upheld an appeal' },
  'appeal.reject': { zh: '裁定申诉不成立', en: 'rejected an appeal' },
  'appeal.withdraw': { zh: '撤回申诉', en: 'withdrew an appeal' },
  // Online payment with refunds (issue 20.4): shared/src/domain/payments.ts.
  'payment.prepay': { zh: '发起微信支付', en: 'started an online payment' },
  'payment.received': { zh: '确认微信支付到账', en: 'confirmed a WeChat Pay payment' },
  'payment.mismatch': { zh: '记录付款金额不符', en: 'recorded a payment that differs from the amount due' },
  'payment.closed': { zh: '关闭未支付的微信支付', en: 'closed an unpaid online payment' },
  'payment.sync': { zh: '向微信支付核对付款', en: 'checked payments with WeChat Pay' },
  'payment.notify_refused': { zh: '拒绝一条无法验证的微信支付通知', en: 'refused a WeChat Pay notification that failed verification' },
  'refund.request': { zh: '发起退款', en: 'requested a refund' },
  'refund.succeeded': { zh: '退款到账', en: 'saw a refund completed' },
  'refund.failed': { zh: '退款未成功', en: 'saw a refund fail' },
  'refund.owed_cash': { zh: '记录网点线下赔付', en: 'recorded compensation owed in cash' },
};

/**
 * A staff write whose handler records no entry of its own is logged under its endpoint
 * (`api.post /api/v1/orders/:id/dispatch`): its words, by the endpoint's name in the contract. A test checks every endpoint staff may write has words here.
 */
export const ENDPOINT_ACTION_TEXT: Record<string, Words> = {
  'auth.logout': { zh: '退出登录', en: 'signed out' },
  'auth.refresh': { zh: '续期登录', en: 'renewed the sign-in' },
  'catalog.createDraftItem': { zh: '新增价目表项目（草稿）', en: 'added a price-list item (draft)' },
  'catalog.updateDraftItem': { zh: '修改价目表项目（草稿）', en: 'changed a price-list item (draft)' },
  'catalog.deactivateDraftItem': { zh: '停用价目表项目（草稿）', en: 'deactivated a price-list item (draft)' },
  'catalog.putDraftPolicy': { zh: '修改品类收费规则（草稿）', en: 'changed a category policy (draft)' },
  'catalog.publish': { zh: '发布新版价目表', en: 'published a new price list' },
  'network.createOutlet': { zh: '开设网点', en: 'opened an outlet' },
  'network.updateOutlet': { zh: '修改网点资料', en: 'changed an outlet' },
  'network.setCoverage': { zh: '修改网点服务区域', en: 'changed an outlet’s districts' },
  'dispatch.setOutletMode': { zh: '修改网点派单方式', en: 'changed an outlet’s dispatch mode' },
  'network.setDayCapacity': { zh: '调整网点某日接单量', en: 'changed an outlet’s capacity for a day' },
  'network.createEngineer': { zh: '新增工程师', en: 'added an engineer' },
  'network.updateEngineer': { zh: '修改工程师资料', en: 'changed an engineer’s details' },
  'network.replaceSkills': { zh: '更新工程师技能考核', en: 'updated an engineer’s assessments' },
  'network.replaceCertificates': { zh: '更新工程师证书', en: 'updated an engineer’s certificates' },
  'network.suspendEngineer': { zh: '停职工程师', en: 'suspended an engineer' },
  'network.reactivateEngineer': { zh: '恢复工程师在岗', en: 'reactivated an engineer' },
  'users.create': { zh: '新建员工账号', en: 'created a staff account' },
  'users.update': { zh: '修改员工账号', en: 'changed a staff account' },
  'users.disable': { zh: '停用员工账号', en: 'disabled a staff account' },
  'users.enable': { zh: '启用员工账号', en: 're-enabled a staff account' },
  'users.resetPassword': { zh: '重置员工密码', en: 'reset a staff password' },
  'orders.cancel': { zh: '取消订单', en: 'cancelled an order' },
  'orders.reschedule': { zh: '改约上门时间', en: 'rescheduled an order' },
  'orders.dispatch': { zh: '派单', en: 'dispatched an order' },
  'orders.reassign': { zh: '改派', en: 'reassigned an order' },
  'orders.offer': { zh: '发布抢单', en: 'offered an order to engineers' },
  'orders.revealContact': { zh: '查看客户完整电话和地址', en: 'viewed the customer’s full phone and address' },
  'orders.claim': { zh: '抢单', en: 'claimed an order' },
  'orders.accept': { zh: '接单', en: 'accepted an order' },
  'orders.decline': { zh: '拒单', en: 'declined an order' },
  'orders.depart': { zh: '出发上门', en: 'set off' },
  'orders.checkIn': { zh: '到达签到', en: 'checked in' },
  'orders.quote': { zh: '报价', en: 'quoted' },
  'orders.start': { zh: '开始服务', en: 'started the work' },
  'orders.waitForParts': { zh: '暂停等待配件', en: 'paused for parts' },
  'orders.resume': { zh: '恢复服务', en: 'resumed the work' },
  'orders.report': { zh: '提交服务报告', en: 'submitted the service report' },
  'orders.payment': { zh: '登记收款', en: 'recorded the payment' },
  'orders.complete': { zh: '完工', en: 'completed the work' },
  'uploads.create': { zh: '上传照片', en: 'uploaded a photo' },
  'notifications.markRead': { zh: '标记消息已读', en: 'marked a message read' },
  'notifications.markAllRead': { zh: '全部消息标为已读', en: 'marked all messages read' },
  'notifications.reportConsent': { zh: '同意接收微信服务通知', en: 'agreed to receive WeChat service notifications' },
  'settings.update': { zh: '修改服务标准设置', en: 'changed the service settings' },
  'cards.issue': { zh: '签发工作证', en: 'issued a work card' },
  'cards.reissue': { zh: '补发工作证', en: 'reissued a work card' },
  'cards.revoke': { zh: '吊销工作证', en: 'revoked a work card' },
  'cards.verify': { zh: '核验工作证', en: 'checked a work card' },
  'noShow.nobodyHome': { zh: '报告上门无人应答', en: 'reported nobody home at the door' },
  'noShow.endNoShow': { zh: '记为上门未遇', en: 'ended a visit as a customer no-show' },
  'noShow.propose': { zh: '提议改约', en: 'proposed a new time' },
  'noShow.acceptProposal': { zh: '同意改约', en: 'agreed to a new time' },
  'noShow.declineProposal': { zh: '不同意改约', en: 'declined a new time' },
  'complaints.acknowledge': { zh: '受理投诉', en: 'acknowledged a complaint' },
  'complaints.investigate': { zh: '开始调查投诉', en: 'started investigating a complaint' },
  'complaints.resolve': { zh: '提交投诉处理结果', en: 'resolved a complaint' },
  'complaints.approve': { zh: '批准投诉赔偿', en: 'approved a complaint’s compensation' },
  'complaints.rejectCompensation': { zh: '驳回投诉赔偿', en: 'rejected a complaint’s compensation' },
  'complaints.addNote': { zh: '添加投诉内部备注', en: 'added an internal note to a complaint' },
  'surveys.createTemplate': { zh: '新建评价问卷', en: 'created a survey template' },
  'surveys.updateTemplate': { zh: '修改评价问卷', en: 'changed a survey template' },
  'surveys.deleteTemplate': { zh: '删除评价问卷', en: 'deleted a survey template' },
  'surveys.setDefaultTemplate': { zh: '设为默认评价问卷', en: 'made a survey template the default' },
  'returnVisits.recordOutcome': { zh: '记录回访结果', en: 'recorded a return visit' },
  'returnVisits.assign': { zh: '指派回访任务', en: 'assigned a return visit' },
  'governance.publish': { zh: '发布月度排名', en: 'published the monthly ranking' },
  'governance.submit': { zh: '提交整改报告', en: 'submitted a rectification report' },
  'governance.accept': { zh: '通过整改报告', en: 'accepted a rectification report' },
  'governance.returnTask': { zh: '退回整改报告', en: 'returned a rectification report' },
  'governance.createSanction': { zh: '记录警告或罚款', en: 'recorded a warning or a fine' },
  'appeals.file': { zh: '提出申诉', en: 'filed an appeal' },
  'appeals.decide': { zh: '裁定申诉', en: 'decided an appeal' },
  'appeals.withdraw': { zh: '撤回申诉', en: 'withdrew an appeal' },
  'payments.refund': { zh: '发起退款', en: 'requested a refund' },
  'payments.sync': { zh: '向微信支付核对付款', en: 'checked payments with WeChat Pay' },
};

let byRoute: Map<string, { name: string; endpoint: AnyEndpoint }> | null = null;

/** The endpoint a generic entry (`api.<method> <full path>`) was written for, or null. */
export function auditEndpoint(action: string): { name: string; endpoint: AnyEndpoint } | null {
  const m = /^api\.(get|post|put|patch|delete) (\S+)$/.exec(action);
  if (!m) return null;
  byRoute ??= new Map(allEndpoints().map((e) => [`${e.endpoint.method} ${e.endpoint.root ? '' : API_BASE_PATH}${e.endpoint.path}`, e]));
  return byRoute.get(`${m[1]} ${m[2]}`) ?? null;
}

/** The words of an action: a specific one, a generic endpoint entry, or a neutral phrase (never the key). */
export function auditActionWords(action: string): Words {
  const endpoint = auditEndpoint(action);
  return (endpoint ? ENDPOINT_ACTION_TEXT[endpoint.name] : AUDIT_ACTION_TEXT[action]) ?? { zh: '进行了操作', en: 'made a change' };
}

/** The kinds of object an entry is about, with their names. */
export const AUDIT_OBJECT_KINDS: Record<string, Words> = {
  order: { zh: '订单', en: 'order' },
  engineer: { zh: '工程师', en: 'engineer' },
  outlet: { zh: '网点', en: 'outlet' },
  user: { zh: '账号', en: 'account' },
  complaint: { zh: '投诉（订单', en: 'complaint (order' },
  return_visit: { zh: '回访（订单', en: 'return visit (order' },
  card: { zh: '工作证', en: 'work card' },
  survey_template: { zh: '问卷', en: 'survey template' },
  catalog_item: { zh: '价目表项目', en: 'price-list item' },
  category: { zh: '品类', en: 'category' },
  all_outlets: { zh: '全部网点', en: 'all outlets' },
};

export interface AuditObject {
  kind: keyof typeof AUDIT_OBJECT_KINDS | string;
  /** The object's own name or number (FX20261207-00012, 张三（FX-XH-001）); empty for `all_outlets`. */
  label: string;
}

/** `订单 FX…` / `order FX…`; complaints and return visits by their order. */
export function auditObjectText(object: AuditObject | null, lang: 'zh' | 'en'): string | null {
  if (!object) return null;
  const kind = AUDIT_OBJECT_KINDS[object.kind];
  if (!kind) return object.label || null;
  const closing = kind.zh.includes('（') ? (lang === 'zh' ? '）' : ')') : '';
  return `${kind[lang]}${object.label ? ` ${object.label}` : ''}${closing}`;
}

/**
 * One sentence: who, what, to which object, and what came of it (`detail`, already in words — a timeline line, an
 * amount in yuan). 林经理 派单：订单 FX20261207-00012，工程师：张三 / 林经理 dispatched an order: order FX…; Engineer: 张三.
 */
export function auditSentence(entry: { action: string; actorName: string | null; object: AuditObject | null; detail: Words | null }, lang: 'zh' | 'en'): string {
  const who = entry.actorName ?? (lang === 'zh' ? '系统' : 'The system');
  const what = auditActionWords(entry.action)[lang];
  const object = auditObjectText(entry.object, lang);
  const detail = entry.detail?.[lang] || null;
  if (lang === 'en') return `${who} ${what}${object ? `: ${object}` : ''}${detail ? `; ${detail}` : ''}`;
  return `${who} ${what}${object ? `：${object}` : ''}${detail ? `，${detail}` : ''}`;
}
