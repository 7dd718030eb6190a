import { addDays, shanghaiDay, SURVEY_ELEMENTS, type AnalyticsOverview } from '@fangxin/shared';
import type { ChartOption } from '@/components/EChart.vue';

export const PERIOD_PRESETS = [7, 30, 90] as const;

/** The last `days` Shanghai days, today included. */
export function lastDays(days: number, now: Date = new Date()): [string, string] {
  const to = shanghaiDay(now);
  return [addDays(to, -(days - 1)), to];
}

/** 12.5%, 100%, 0% (one decimal only when it says something). */
export const percent = (rate: number | null | undefined) => {
  if (rate === null || rate === undefined) return '—';
  const p = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
};

/** Which charts have nothing to draw for the period: they show a sentence instead of empty axes or a grey ring. */
export function emptyCharts(o: AnalyticsOverview) {
  return {
    ordersPerDay: o.daily.every((d) => d.created === 0 && d.closed === 0),
    sla: o.sla.overall.rate === null && (['respond', 'arrive', 'resolve'] as const).every((c) => o.sla[c].rate === null),
    elements: o.surveys.count === 0,
    categories: o.categoryMix.length === 0,
  };
}

type Translate = (key: string, values?: Record<string, unknown>) => string;
type Label = (group: 'category' | 'slaClock', code: string) => string;

export interface Kpi {
  key: string;
  value: string;
  tone: 'normal' | 'warning' | 'danger' | 'success';
  /** Where the number can be looked into. */
  link?: { path: string; query?: Record<string, string> };
}

export function kpis(o: AnalyticsOverview): Kpi[] {
  const today = o.today;
  return [
    { key: 'todayOrders', value: String(today.orders), tone: 'normal', link: { path: '/orders' } },
    { key: 'waitingDispatch', value: String(today.waitingDispatch), tone: today.waitingDispatch ? 'warning' : 'normal', link: { path: '/orders', query: { status: 'pending' } } },
    { key: 'atRisk', value: String(today.atRisk), tone: today.atRisk ? 'warning' : 'normal' },
    { key: 'breached', value: String(today.breached), tone: today.breached ? 'danger' : 'normal' },
    { key: 'closed', value: String(today.closed), tone: 'success' },
    { key: 'satisfaction', value: today.averageSatisfaction === null ? '—' : today.averageSatisfaction.toFixed(2), tone: 'normal', link: { path: '/surveys' } },
    { key: 'complaintRate', value: percent(today.complaintRate), tone: 'normal', link: { path: '/complaints' } },
    { key: 'reworkRate', value: percent(today.reworkRate), tone: 'normal' },
  ];
}

const axisLabel = { color: '#606266' };

export function ordersPerDayOption(o: AnalyticsOverview, t: Translate): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('dashboard.series.created'), t('dashboard.series.closed')] },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: o.daily.map((d) => d.day.slice(5)), axisLabel },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
    series: [
      { name: t('dashboard.series.created'), type: 'line', data: o.daily.map((d) => d.created) },
      { name: t('dashboard.series.closed'), type: 'line', data: o.daily.map((d) => d.closed) },
    ],
  } as ChartOption;
}

export function slaOption(o: AnalyticsOverview, t: Translate, label: Label): ChartOption {
  const clocks = ['respond', 'arrive', 'resolve'] as const;
  const names = [...clocks.map((c) => label('slaClock', c)), t('dashboard.series.overall')];
  const rates = [...clocks.map((c) => o.sla[c].rate), o.sla.overall.rate].map((r) => (r === null ? null : Math.round(r * 1000) / 10));
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: names, axisLabel: { ...axisLabel, interval: 0, width: 90, overflow: 'truncate' } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { ...axisLabel, formatter: '{value}%' } },
    series: [{ type: 'bar', data: rates, barMaxWidth: 40, label: { show: true, position: 'top', formatter: '{c}%' } }],
  } as ChartOption;
}

export function elementScoresOption(o: AnalyticsOverview, locale: string): ChartOption {
  const elements = [...o.surveys.elements].reverse();
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 130, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 5, axisLabel },
    yAxis: {
      type: 'category',
      data: elements.map((e) => (locale === 'en' ? (SURVEY_ELEMENTS.find((x) => x.key === e.key)?.labelEn ?? e.key) : e.label)),
      axisLabel: { ...axisLabel, width: 120, overflow: 'truncate' },
    },
    series: [{ type: 'bar', data: elements.map((e) => (e.average === null ? null : Number(e.average.toFixed(2)))), barMaxWidth: 18, label: { show: true, position: 'right' } }],
  } as ChartOption;
}

export function categoryMixOption(o: AnalyticsOverview, label: Label): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        center: ['38%', '50%'],
        data: o.categoryMix.map((c) => ({ name: label('category', c.category), value: c.count })),
        label: { show: false },
      },
    ],
  } as ChartOption;
}
