/** Limits defined once and used by the server (enforcement) and the apps (hints and form rules). */
export const LIMITS = {
  accessTokenTtlSeconds: 15 * 60,
  refreshTokenTtlDays: 30,
  otpTtlSeconds: 5 * 60,
  otpMaxAttempts: 5,
  otpLength: 6,
  /** Minimum seconds between two codes sent to one phone. */
  otpResendSeconds: 60,
  usernameMax: 32,
  passwordMin: 8,
  passwordMax: 128,
  nameMax: 40,
  /** Staff sign-in: after this many failures in a row the account is locked for `staffLockMinutes`. */
  staffMaxFailures: 5,
  staffLockMinutes: 15,
  jsonBodyBytes: 256 * 1024,
  pageSizeMax: 100,
} as const;
