import { z } from 'zod';

export const Liveness = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }).meta({ id: 'Liveness' });

/** Answered with 200 when ready and with 503 (same body) when not. */
export const Readiness = z
  .object({ status: z.enum(['ok', 'unavailable']), db: z.enum(['up', 'down']), draining: z.boolean() })
  .meta({ id: 'Readiness' });

export type Liveness = z.infer<typeof Liveness>;
export type Readiness = z.infer<typeof Readiness>;
