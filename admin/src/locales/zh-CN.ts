import { ERRORS, ROLE_LABELS, type ErrorId } from '@fangxin/shared';

/** Error texts come from the shared table so the two sides never drift; the admin adds only client-side ids. */
const errors = Object.fromEntries(Object.entries(ERRORS).map(([id, error]) => [id, error.message])) as Record<ErrorId, string>;

const zhCN = {
  app: {
    name: '放心服务',
    title: '放心服务 · 管理后台',
    console: '管理后台',
  },
  routes: {
    login: '登录',
    dashboard: '工作台',
    forbidden: '无权访问',
    notFound: '页面不存在',
  },
  layout: {
    mainMenu: '主菜单',
    signOut: '退出登录',
    allOutlets: '全平台',
    outlet: '网点',
    language: '切换语言',
  },
  locale: {
    'zh-CN': '简体中文',
    en: 'English',
  },
  login: {
    title: '登录管理后台',
    subtitle: '适用于网点经理和平台管理员',
    username: '用户名',
    password: '密码',
    usernamePlaceholder: '请输入用户名',
    passwordPlaceholder: '请输入密码',
    submit: '登录',
    failed: '登录失败',
    roleNotAllowed: '管理后台仅供网点经理和平台管理员使用。{role}账号请使用放心服务小程序。',
    retryAfterSeconds: '请在 {n} 秒后重试。',
    retryAfterMinutes: '请在 {n} 分钟后重试。',
  },
  dashboard: {
    welcome: '欢迎回来，{name}',
    role: '角色',
    outlet: '所属网点',
    systemStatus: '系统状态',
    database: '数据库',
    up: '正常',
    down: '异常',
    checking: '检测中…',
    unreachable: '无法连接服务器',
    recheck: '重新检测',
  },
  validation: {
    required: '请输入{field}',
    min: '{field}至少 {min} 个字符',
    max: '{field}最多 {max} 个字符',
  },
  fallback: {
    forbiddenTitle: '无权访问',
    forbidden: '你的角色不能查看此页面。',
    notFoundTitle: '页面不存在',
    notFound: '你访问的页面不存在或已移动。',
    backHome: '返回工作台',
  },
  roles: { ...ROLE_LABELS },
  errors: {
    ...errors,
    network_error: '网络连接失败，请检查网络后重试',
    requestIdSuffix: '（请求编号 {id}）',
  },
};

export type MessageSchema = typeof zhCN;
export default zhCN;
