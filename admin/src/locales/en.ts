import type { MessageSchema } from './zh-CN';

/**
 * Error ids are added in shared as features land; an id not translated yet falls back to its zh-CN text (the
 * fallback locale) instead of breaking the admin build.
 */
type EnglishMessages = Omit<MessageSchema, 'errors'> & {
  errors: Partial<MessageSchema['errors']> & Pick<MessageSchema['errors'], 'network_error' | 'requestIdSuffix'>;
};

const en: EnglishMessages = {
  app: {
    name: 'Fangxin Service',
    title: 'Fangxin Service · Admin',
    console: 'Admin',
  },
  routes: {
    login: 'Sign in',
    dashboard: 'Dashboard',
    forbidden: 'Access denied',
    notFound: 'Page not found',
  },
  layout: {
    mainMenu: 'Main menu',
    signOut: 'Sign out',
    allOutlets: 'All outlets',
    outlet: 'Outlet',
    language: 'Change language',
  },
  locale: {
    'zh-CN': '简体中文',
    en: 'English',
  },
  login: {
    title: 'Sign in to the admin',
    subtitle: 'For outlet managers and platform admins',
    username: 'Username',
    password: 'Password',
    usernamePlaceholder: 'Enter your username',
    passwordPlaceholder: 'Enter your password',
    submit: 'Sign in',
    failed: 'Sign-in failed',
    roleNotAllowed:
      'The admin is for outlet managers and platform admins only. {role} accounts should use the Fangxin Service mini-program.',
    retryAfterSeconds: 'Try again in {n} seconds.',
    retryAfterMinutes: 'Try again in {n} minutes.',
  },
  dashboard: {
    welcome: 'Welcome back, {name}',
    role: 'Role',
    outlet: 'Outlet',
    systemStatus: 'System status',
    database: 'Database',
    up: 'OK',
    down: 'Down',
    checking: 'Checking…',
    unreachable: 'Cannot reach the server',
    recheck: 'Check again',
  },
  validation: {
    required: 'Please enter {field}',
    min: '{field} needs at least {min} characters',
    max: '{field} allows at most {max} characters',
  },
  fallback: {
    forbiddenTitle: 'Access denied',
    forbidden: 'Your role cannot view this page.',
    notFoundTitle: 'Page not found',
    notFound: 'The page does not exist or has moved.',
    backHome: 'Back to dashboard',
  },
  roles: {
    customer: 'Customer',
    engineer: 'Engineer',
    outlet_manager: 'Outlet manager',
    platform_admin: 'Platform admin',
  },
  errors: {
    validation_failed: 'Some fields are invalid',
    malformed_json: 'The request body is not valid JSON',
    unauthenticated: 'Please sign in',
    token_expired: 'Your session has expired; please sign in again',
    invalid_credentials: 'Wrong username or password',
    invalid_code: 'The code is wrong or has expired',
    refresh_token_invalid: 'Your sign-in is no longer valid; please sign in again',
    refresh_token_reused:
      'Your sign-in was already used; for safety every session of this device has been signed out',
    wechat_login_failed: 'WeChat sign-in failed; please try again',
    forbidden: 'You do not have permission to do this',
    account_disabled: 'This account is disabled',
    account_locked: 'Too many failed sign-ins; the account is temporarily locked',
    not_found: 'Not found',
    route_not_found: 'No such API endpoint',
    method_not_allowed: 'Method not allowed',
    conflict: 'The data changed meanwhile',
    illegal_transition: 'The order is not in a state that allows this',
    already_taken: 'Another engineer has already taken this order',
    slot_full: 'This time slot is full; please choose another',
    slot_unavailable: 'This time slot cannot be booked',
    too_late_to_change: 'Too close to the appointment to change it; please contact the outlet',
    idempotency_conflict: 'The same request id was used with different content',
    outside_coverage: 'No service outlet covers this address yet',
    engineer_not_eligible: 'This engineer is not eligible for this order',
    quote_not_confirmed: 'The customer has not confirmed the quote yet; service cannot start',
    bill_exceeds_quote: 'The bill exceeds the confirmed quote; quote again and have it confirmed',
    parts_mismatch: 'The parts in the report differ from the confirmed quote',
    payment_mismatch: 'The amount collected differs from the confirmed quote',
    report_required: 'Submit the service report and collect payment first',
    service_code_invalid: 'The service code is invalid, expired or belongs to another order',
    catalog_item_not_found: 'The price list has no such item',
    catalog_version_conflict: 'Someone else changed the price list; refresh and try again',
    card_invalid: 'The work card is not valid',
    file_too_large: 'The file is too large',
    unsupported_file_type: 'Only JPEG, PNG or WebP images are supported',
    payload_too_large: 'The request is too large',
    unsupported_media_type: 'Unsupported content type',
    too_many_requests: 'Too many requests; please wait a moment',
    code_attempts_exceeded: 'Too many wrong codes; request a new one',
    service_unavailable: 'The service is unavailable; please try again shortly',
    upstream_unavailable: 'An external service is unavailable; please try again shortly',
    internal_error: 'Internal server error',
    network_error: 'Network error; check your connection and try again',
    requestIdSuffix: '(request id {id})',
  },
};

export default en;
