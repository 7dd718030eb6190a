import mongoose, { Schema, type Types } from 'mongoose';
import { SURVEY_ELEMENT_KEYS, type SurveyElementKey, type SurveyLowReason } from '@fangxin/shared';

/**
 * A survey template. Versioned by id: once a survey was answered with it (`usedAt`), its questions are frozen, and a
 * changed questionnaire is a new template; every survey records the template it was answered with.
 */
export interface SurveyTemplateRecord {
  _id: Types.ObjectId;
  code: string;
  name: string;
  elements: Array<{ key: SurveyElementKey; label: string; labelEn: string }>;
  askRecommendation: boolean;
  recommendationQuestion: string;
  active: boolean;
  /** Bumped by every edit: a submission marks the template used only if it still has the revision it validated against. */
  revision: number;
  usedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const ElementSchema = new Schema({ key: { type: String, enum: SURVEY_ELEMENT_KEYS, required: true }, label: { type: String, required: true }, labelEn: { type: String, default: '' } }, { _id: false });

const SurveyTemplateSchema = new Schema<SurveyTemplateRecord>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    elements: { type: [ElementSchema], required: true },
    askRecommendation: { type: Boolean, default: true },
    recommendationQuestion: { type: String, required: true },
    active: { type: Boolean, default: true },
    revision: { type: Number, default: 1 },
    usedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'survey_templates' },
);
SurveyTemplateSchema.index({ code: 1 }, { unique: true, name: 'survey_template_code_unique' });
export const SurveyTemplate = mongoose.model<SurveyTemplateRecord>('SurveyTemplate', SurveyTemplateSchema);

/** Which template is the default: one pointer document, switched with one atomic update (never zero or two defaults). */
interface SurveyDefaultRecord {
  _id: string;
  templateId: Types.ObjectId;
  updatedAt: Date;
}
const SurveyDefaultSchema = new Schema<SurveyDefaultRecord>({ _id: String, templateId: { type: Schema.Types.ObjectId, required: true }, updatedAt: Date }, { versionKey: false, collection: 'survey_default' });
export const SurveyDefault = mongoose.model<SurveyDefaultRecord>('SurveyDefault', SurveyDefaultSchema);

/** One customer's answer for one closed order. Private: staff read it, the engineer only ever sees aggregates. */
export interface SurveyRecord {
  _id: Types.ObjectId;
  orderId: Types.ObjectId;
  orderNo: string;
  customerId: Types.ObjectId;
  outletId: Types.ObjectId;
  engineerId: Types.ObjectId | null;
  templateId: Types.ObjectId;
  scores: Partial<Record<SurveyElementKey, number>>;
  problemSolved: boolean;
  /** Stored as null when not asked or not answered, so aggregations can tell. */
  recommendation: number | null;
  comment: string;
  low: boolean;
  lowReasons: SurveyLowReason[];
  returnVisitTaskId: Types.ObjectId | null;
  submittedAt: Date;
  /** Asia/Shanghai day of submission: the key date filters and exports use. */
  submittedDay: string;
}

const SurveySchema = new Schema<SurveyRecord>(
  {
    orderId: { type: Schema.Types.ObjectId, required: true },
    orderNo: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    outletId: { type: Schema.Types.ObjectId, required: true },
    engineerId: { type: Schema.Types.ObjectId, default: null },
    templateId: { type: Schema.Types.ObjectId, required: true },
    scores: { type: Schema.Types.Mixed, required: true },
    problemSolved: { type: Boolean, required: true },
    recommendation: { type: Number, default: null },
    comment: { type: String, default: '' },
    low: { type: Boolean, required: true },
    lowReasons: { type: Schema.Types.Mixed, default: [] },
    returnVisitTaskId: { type: Schema.Types.ObjectId, default: null },
    submittedAt: { type: Date, required: true },
    submittedDay: { type: String, required: true },
  },
  { versionKey: false, collection: 'surveys', minimize: false },
);
// One survey per order, whatever the race: the second insert fails on this index.
SurveySchema.index({ orderId: 1 }, { unique: true, name: 'survey_order_unique' });
SurveySchema.index({ outletId: 1, submittedDay: -1 });
SurveySchema.index({ engineerId: 1, submittedDay: -1 });
SurveySchema.index({ submittedDay: -1 });
SurveySchema.index({ submittedAt: -1 });
export const Survey = mongoose.model<SurveyRecord>('Survey', SurveySchema);

/**
 * The invitation to answer, one per closed order, kept apart from the order (which only the orders module
 * writes): when the reminder went out, so it goes out once.
 */
export interface SurveyInvitationRecord {
  _id: Types.ObjectId;
  orderId: Types.ObjectId;
  customerId: Types.ObjectId;
  closedAt: Date;
  surveyReminderSentAt: Date | null;
  surveyedAt: Date | null;
}
const SurveyInvitationSchema = new Schema<SurveyInvitationRecord>(
  {
    orderId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    closedAt: { type: Date, required: true },
    surveyReminderSentAt: { type: Date, default: null },
    surveyedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'survey_invitations' },
);
SurveyInvitationSchema.index({ orderId: 1 }, { unique: true, name: 'survey_invitation_order_unique' });
export const SurveyInvitation = mongoose.model<SurveyInvitationRecord>('SurveyInvitation', SurveyInvitationSchema);
