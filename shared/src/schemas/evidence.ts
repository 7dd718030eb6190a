import { z } from 'zod';
import { ObjectId } from './common';
import { ComplaintView } from './complaint';
import { OrderTimeline, OrderView, QuoteView, ReceiptView, TimelineEventView } from './order';
import { SurveyView } from './survey';

// Its own file: it gathers the order's, the survey's and the complaints' views (complaint.ts itself imports order.ts).
/** The evidence pack for a dispute: everything the platform knows about one order, in one document. */
export const EvidencePack = z
  .object({
    generatedAt: z.string(),
    generatedBy: z.object({ id: ObjectId, name: z.string(), role: z.string() }),
    order: OrderView,
    timeline: OrderTimeline,
    cardVerifications: z.array(TimelineEventView),
    quotes: z.array(QuoteView.extend({ rejectReason: z.string().nullable() })),
    photos: z.array(
      z.object({
        id: ObjectId,
        kind: z.string(),
        mime: z.string(),
        size: z.number().int(),
        sha256: z.string(),
        uploadedAt: z.string(),
        uploadedBy: ObjectId,
        url: z.string(),
      }),
    ),
    receipt: ReceiptView.nullable(),
    survey: SurveyView.nullable(),
    complaints: z.array(ComplaintView),
  })
  .meta({ id: 'EvidencePack', description: 'A JSON document, sent as an attachment named evidence-<orderNo>.json' });

export type EvidencePack = z.infer<typeof EvidencePack>;
