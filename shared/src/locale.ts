import { z } from 'zod';

/** Validation messages in Simplified Chinese for every schema without its own message (server and apps call it once). */
export function useChineseValidationMessages(): void {
  z.config(z.locales.zhCN());
}
