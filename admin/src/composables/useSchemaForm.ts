import type { FormInstance, FormItemRule, FormRules } from 'element-plus';
import { computed, nextTick, reactive, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '@/utils/request/apiError';
import { describeIssue, type FieldIssue } from '@/utils/zodRules';
import { useLabels } from './useLabels';

export type Translate = (key: string, values?: Record<string, unknown>) => string;
export type Labeller = ReturnType<typeof useLabels>['label'];
/** What option lists and attributes may read: the translator and the code labeller of the current language. */
export interface FieldContext {
  t: Translate;
  label: Labeller;
  district: (code: string | null | undefined) => string;
}

export interface FieldOption {
  value: string | number | boolean;
  label: string;
}

/**
 * How a field is edited. `money` is an amount in yuan (two decimals, never negative); `checkboxes` and `radio` take
 * `options`; `slot` renders the dialog's slot named after the field (district picker, photo upload…).
 */
export type FieldWidget = 'input' | 'password' | 'textarea' | 'number' | 'money' | 'select' | 'radio' | 'checkboxes' | 'switch' | 'date' | 'daterange' | 'rate' | 'slot';

/** One row of a schema-driven form: which value, under which label, with which widget. */
export interface FormField<F> {
  prop: keyof F & string;
  /** An i18n key. */
  label: string;
  widget: FieldWidget;
  options?: (ctx: FieldContext) => FieldOption[];
  /** Extra attributes for the widget (maxlength, placeholder, min/max…), read on every render. */
  attrs?: (form: F, ctx: FieldContext) => Record<string, unknown>;
  /** Shown only while this holds (e.g. the outlet of an outlet manager). */
  show?: (form: F) => boolean;
}

/** The shape of a shared zod object schema as the form reads it (safeParse of the assembled body). */
export interface BodySchema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly (FieldIssue & { path: readonly PropertyKey[] })[] } };
}

/**
 * A form dialog as data: its fields, the model it starts from, its rules and what saving means. The open → validate
 * → save → toast → close sequence is `useSchemaForm`'s, written once.
 */
export interface SchemaFormConfig<F extends object, R = unknown> {
  title: (t: Translate) => string;
  /** The dialog's width (default 520px) and label layout (default 100px, labels on the right). */
  width?: string;
  labelWidth?: string;
  labelPosition?: 'left' | 'right' | 'top';
  /** i18n keys of the buttons (default common.save and common.cancel). */
  submitText?: string;
  cancelText?: string;
  fields: FormField<F>[];
  /** The model as the dialog opens (a new object each time); `previous` is what the last opening left. */
  initial: (previous?: F) => F;
  /** Element Plus rules; a field without one is checked by `schema` when given. */
  rules?: (form: F, t: Translate) => FormRules;
  /**
   * The shared schema of the request body and how the form becomes it: fields without their own rule are checked
   * by safeParse of the assembled body, the first issue at the field's key shown under it.
   */
  schema?: { body: BodySchema; toBody: (form: F) => unknown };
  /** A last check before saving; a text is shown (a warning toast, or an alert above the form) and nothing is sent. */
  check?: (form: F) => string | null;
  checkShownAs?: 'toast' | 'alert';
  /** Sends the form; `null` means nothing changed, and the dialog just closes. */
  submit: (form: F) => Promise<R | null>;
  /** The toast after a save. */
  success: (saved: R, form: F) => string;
  /** Keep the dialog open after this save (e.g. to show the server's warnings). */
  stayOpen?: (saved: R) => boolean;
  onOpen?: () => void;
  /** Every change while open (a live preview); `null` when the dialog closes. */
  onChange?: (form: F | null) => void;
}

/** Rules from the body schema: one validator per field, run on the whole assembled body. */
function bodyRules<F extends object>(config: SchemaFormConfig<F>, form: F, t: Translate): FormRules {
  const { schema } = config;
  if (!schema) return {};
  const rules: Record<string, FormItemRule[]> = {};
  for (const field of config.fields) {
    rules[field.prop] = [
      {
        trigger: 'blur',
        validator: (_rule, _value, callback) => {
          const result = schema.body.safeParse(schema.toBody(form));
          const issue = result.success ? undefined : result.error.issues.find((i) => i.path[0] === field.prop);
          callback(issue ? new Error(describeIssue(issue, t(field.label))) : undefined);
        },
      },
    ];
  }
  return rules;
}

export function useSchemaForm<F extends object, R>(
  config: () => SchemaFormConfig<F, R>,
  open: Ref<boolean>,
  onSaved: (saved: R) => void,
) {
  const { t } = useI18n();
  const ctx: FieldContext = { t, ...useLabels() };
  const formRef = ref<FormInstance>();
  const form = reactive(config().initial()) as F;
  const saving = ref(false);
  const problem = ref<string | null>(null);
  /** The server's 400 `fields`, by form prop, shown under the matching inputs until the next save. */
  const serverErrors = ref<Record<string, string>>({});
  const rules = computed<FormRules>(() => ({ ...bodyRules(config() as SchemaFormConfig<F>, form, t), ...config().rules?.(form, t) }));
  const visibleFields = computed(() => config().fields.filter((f) => !f.show || f.show(form)));

  watch(open, async (value) => {
    if (!value) {
      config().onChange?.(null);
      return;
    }
    Object.assign(form, config().initial({ ...form } as F));
    serverErrors.value = {};
    problem.value = null;
    config().onOpen?.();
    await nextTick();
    formRef.value?.clearValidate();
  });
  watch(form, (value) => open.value && config().onChange?.(value as F), { deep: true });

  async function save() {
    const current = config();
    const valid = await (formRef.value?.validate().catch(() => false) ?? true);
    if (!valid) return;
    problem.value = current.check?.(form as F) ?? null;
    if (problem.value) {
      if (current.checkShownAs !== 'alert') ElMessage.warning(problem.value);
      return;
    }
    serverErrors.value = {};
    saving.value = true;
    try {
      const saved = await current.submit(form as F);
      if (saved === null) {
        open.value = false;
        return;
      }
      ElMessage.success(current.success(saved, form as F));
      onSaved(saved);
      if (!current.stayOpen?.(saved)) open.value = false;
    } catch (error) {
      // The request client has shown the error; a 400 also names its fields, shown by the matching inputs.
      if (error instanceof ApiError && error.fields.length) {
        const props = new Set(current.fields.map((f) => f.prop as string));
        const byProp = error.fields.map((f): [string, string] => [f.path.split('.')[0] ?? '', f.message]);
        serverErrors.value = Object.fromEntries(byProp.filter(([prop]) => props.has(prop)));
      }
      throw error;
    } finally {
      saving.value = false;
    }
  }

  return { ctx, formRef, form, rules, saving, problem, serverErrors, visibleFields, save };
}
