import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, pretty = false): Logger {
  return pino({
    level,
    base: { app: 'fangxin-server' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'password', 'refreshToken', 'accessToken', 'code', '*.password'],
      censor: '[redacted]',
    },
    ...(pretty ? {} : {}),
  });
}
