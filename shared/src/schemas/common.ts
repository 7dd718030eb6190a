import { z } from 'zod';
import { LIMITS } from '../limits';

/** Mainland China mobile number, 11 digits. */
export const Phone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号')
  .meta({ description: 'Mainland China mobile number', example: '13800138000' });

export const ObjectId = z
  .string()
  .regex(/^[0-9a-f]{24}$/i, '无效的 ID')
  .meta({ description: '24-hex-character id' });

/** 6-digit GB/T 2260 administrative division code (district level). */
export const DistrictCode = z.string().regex(/^\d{6}$/, '请输入 6 位行政区划代码');

export const IdParams = z.object({ id: ObjectId });

export const Pagination = z.object({
  // Deep pages cost the database a long skip; nobody pages past 10,000 (filters narrow a list instead).
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const ErrorResponse = z
  .object({
    error: z.object({
      id: z.string().meta({ description: 'Stable error id from @fangxin/shared ERRORS' }),
      message: z.string(),
      requestId: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      retryAfterSeconds: z.number().int().optional(),
    }),
  })
  .meta({ id: 'Error' });
