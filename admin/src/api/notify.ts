import { i18n } from '@/locales';
import type { ApiError } from '@/utils/request';

/**
 * What a person reads for an API error. In Chinese the server's own wording wins (it can be more specific than the
 * id's default, e.g. which limit was hit); in other languages the id is translated. Server faults carry the request
 * id so support can find the log line.
 */
export function errorText(error: ApiError): string {
  const { t, te, locale } = i18n.global;
  const key = `errors.${error.id}`;
  const text = locale.value === 'zh-CN' && error.status > 0 ? error.message : te(key) ? t(key) : error.message;
  return error.status >= 500 && error.requestId ? `${text} ${t('errors.requestIdSuffix', { id: error.requestId })}` : text;
}

/** The single place API errors become a toast; callers opt out with `{ silent: true }`. */
export function notifyError(error: ApiError): void {
  ElMessage.error({ message: errorText(error), grouping: true });
}
