import { MAINTENANCE_RULES, MaintenanceSettings, maintenanceRulesInForce, type MaintenanceRuleSetting } from '@fangxin/shared';

/**
 * Issue 20.3: the maintenance reminder rules on the settings page. Every rule of the shared rule book is one row (a
 * rule the stored setting leaves out shows its defaults), checked with the shared schema the server checks.
 */
export interface MaintenanceRow extends MaintenanceRuleSetting {
  name: string;
  nameEn: string;
}

export function maintenanceRows(stored: readonly MaintenanceRuleSetting[]): MaintenanceRow[] {
  return maintenanceRulesInForce(stored).map((r) => ({ rule: r.code, enabled: r.enabled, intervalMonths: r.intervalMonths, leadDays: r.leadDays, name: r.name, nameEn: r.nameEn }));
}

/** What is stored: the rows without their names, in the rule book's order. */
export function maintenanceSetting(rows: readonly MaintenanceRuleSetting[]): MaintenanceRuleSetting[] {
  return rows.map(({ rule, enabled, intervalMonths, leadDays }) => ({ rule, enabled, intervalMonths, leadDays }));
}

/** The first problem, naming the rule it is in (空调清洗：提前天数要少于提醒间隔), or null. */
export function maintenanceProblem(rows: readonly MaintenanceRuleSetting[], name: (rule: string) => string): string | null {
  const checked = MaintenanceSettings.safeParse(maintenanceSetting(rows));
  if (checked.success) return null;
  const issue = checked.error.issues[0]!;
  const row = typeof issue.path[0] === 'number' ? rows[issue.path[0]] : undefined;
  return row ? `${name(row.rule)}：${issue.message}` : issue.message;
}

export function sameMaintenance(a: readonly MaintenanceRuleSetting[], b: readonly MaintenanceRuleSetting[]): boolean {
  return JSON.stringify(maintenanceSetting(maintenanceRows(a))) === JSON.stringify(maintenanceSetting(maintenanceRows(b)));
}

export const MAINTENANCE_RULE_COUNT = MAINTENANCE_RULES.length;
