import { Readable } from 'node:stream';
import { SURVEY_ELEMENTS, describeLowReason, shanghaiDay, type SurveyExportQuery } from '@fangxin/shared';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { recordAudit } from '../audit/service';
import { csvLine, renderInBatches, shanghaiDateTime, UTF8_BOM } from '../exports/csv';
import { engineerNames, outletNames, scopedOutletOr404 } from '../network/reads';
import { Survey, SurveyTemplate, type SurveyRecord } from './model';
import { surveyMatch } from './results';

/** Column headers: Chinese for the people who read the file, English in parentheses for the systems that import it. */
export const SURVEY_CSV_HEADER = [
  '提交时间 (Submitted At, Asia/Shanghai)',
  '订单号 (Order No.)',
  '网点 (Outlet)',
  '工程师 (Engineer)',
  '工号 (Employee No.)',
  '问卷 (Template)',
  ...SURVEY_ELEMENTS.map((e) => `${e.label} (${e.labelEn})`),
  '问题是否解决 (Problem Solved)',
  '推荐意愿 0-10 (Recommendation)',
  '低分 (Low Result)',
  '低分原因 (Low Reasons)',
  '评语 (Comment)',
];

const BATCH = 200;

/**
 * Rows in batches read through a cursor, oldest first: memory stays flat however many surveys the period holds.
 * Outlet, engineer and template names are looked up once per batch, then cached for the rest of the file.
 */
async function* surveyLines(filter: Record<string, unknown>): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(SURVEY_CSV_HEADER);
  const outlets = new Map<string, string>();
  const engineers = new Map<string, { name: string; employeeNo: string }>();
  const templates = new Map<string, string>();

  async function render(batch: SurveyRecord[]): Promise<string> {
    const missing = (ids: Array<unknown>, known: Map<string, unknown>) => [...new Set(ids.filter(Boolean).map(String))].filter((id) => !known.has(id));
    const [o, e, t] = [missing(batch.map((s) => s.outletId), outlets), missing(batch.map((s) => s.engineerId), engineers), missing(batch.map((s) => s.templateId), templates)];
    const [outletDocs, engineerDocs, templateDocs] = await Promise.all([
      o.length ? outletNames(o) : [],
      e.length ? engineerNames(e) : [],
      t.length ? SurveyTemplate.find({ _id: { $in: t } }, { name: 1 }).lean() : [],
    ]);
    for (const d of outletDocs) outlets.set(String(d._id), d.name);
    for (const d of engineerDocs) engineers.set(String(d._id), { name: d.name, employeeNo: d.employeeNo });
    for (const d of templateDocs) templates.set(String(d._id), d.name);
    return batch
      .map((s) => {
        const engineer = s.engineerId ? engineers.get(String(s.engineerId)) : undefined;
        return csvLine([
          shanghaiDateTime(s.submittedAt),
          s.orderNo,
          outlets.get(String(s.outletId)) ?? '',
          engineer?.name ?? '',
          engineer?.employeeNo ?? '',
          templates.get(String(s.templateId)) ?? '',
          ...SURVEY_ELEMENTS.map((el) => s.scores[el.key] ?? null),
          s.problemSolved ? '是' : '否',
          s.recommendation ?? null,
          s.low ? '是' : '否',
          (s.lowReasons ?? []).map(describeLowReason).join('；'),
          s.comment ?? '',
        ]);
      })
      .join('');
  }

  yield* renderInBatches(Survey.find(filter).sort({ submittedAt: 1, _id: 1 }).lean<SurveyRecord[]>().cursor({ batchSize: BATCH }), BATCH, render);
}

/**
 * Surveys answered in [from, to] (Asia/Shanghai days) as CSV, streamed, inside the caller's outlet scope: managers
 * get their own outlet (another outlet's id is 404), platform admins one outlet or all. Audit-logged, since the file
 * carries customers' comments.
 */
export async function exportSurveysCsv(clock: Clock, user: AuthUser, query: SurveyExportQuery, meta: { ip: string; requestId: string }): Promise<{ filename: string; stream: Readable }> {
  if (query.outletId) await scopedOutletOr404(user, query.outletId, { _id: 1 });
  const outletId = query.outletId ?? user.outletId ?? null;
  await recordAudit(clock, {
    action: 'export.surveys_csv',
    actorId: user.id,
    actorRole: user.role,
    outletId,
    target: outletId ? `outlet:${outletId}` : 'outlet:*',
    ip: meta.ip,
    requestId: meta.requestId,
    data: { from: query.from, to: query.to },
  });
  const exportedOn = shanghaiDay(clock.now()).replace(/-/g, '');
  return { filename: `fangxin-surveys-${query.from}_${query.to}-${exportedOn}.csv`, stream: Readable.from(surveyLines(surveyMatch(user, query))) };
}
