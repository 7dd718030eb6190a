import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DispatchCandidate } from '@fangxin/shared';
import { errorReply, startApiServer, useApiServer, type ApiServer, type Reply } from '@/test-utils/apiServer';
import { bodyText, buttonByText, eventually, mountView, signIn } from '@/test-utils/mount';
import DispatchDialog from '../components/DispatchDialog.vue';

const ORDER = { id: '6b0549bb3297d2e4930b4bdd', orderNo: 'FX2026112400001', engineerId: null };

const candidates: DispatchCandidate[] = [
  { engineerId: 'e2e2e2e2e2e2e2e2e2e2e2e2', userId: 'u2', name: '孙强', employeeNo: 'FX-XH-004', qualityScore: 80, load: 0, skillScore: 89, eligible: true, rank: 2, reasons: ['质量分 80.0（与上一位相同）', '空调技能考核 89 分'] },
  { engineerId: 'e1e1e1e1e1e1e1e1e1e1e1e1', userId: 'u1', name: '陈建国', employeeNo: 'FX-XH-001', qualityScore: 80, load: 0, skillScore: 92, eligible: true, rank: 1, reasons: ['质量分 80.0', '空调技能考核 92 分', '该时段空闲'] },
  { engineerId: 'e3e3e3e3e3e3e3e3e3e3e3e3', userId: 'u3', name: '刘伟', employeeNo: 'FX-XH-002', qualityScore: 80, load: 0, skillScore: null, eligible: false, rank: null, reasons: ['未通过空调技能考核', '缺少制冷与空调作业证'] },
];

describe('DispatchDialog', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;
  let dispatchReply: () => Reply;

  beforeEach(async () => {
    localStorage.clear();
    signIn();
    dispatchReply = () => ({ status: 200, body: { ...ORDER, status: 'dispatched', engineerId: candidates[1]!.engineerId } });
    server = await startApiServer({
      [`GET /api/v1/orders/${ORDER.id}/candidates`]: () => ({ status: 200, body: { items: candidates } }),
      [`POST /api/v1/orders/${ORDER.id}/dispatch`]: () => dispatchReply(),
    });
    useApiServer(server);
  });

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    await server.close();
  });

  async function open() {
    ({ wrapper } = await mountView(DispatchDialog, { props: { order: ORDER, mode: 'dispatch', modelValue: true } }));
  }

  it('lists suggestions by rank with the reason for each rank, and the excluded with theirs', async () => {
    await open();
    await eventually(() => expect(bodyText()).toContain('陈建国'));
    const rows = [...document.body.querySelectorAll('.el-table__body tr')].map((tr) => tr.textContent ?? '');
    expect(rows[0]).toContain('#1');
    expect(rows[0]).toContain('陈建国');
    expect(rows[0]).toContain('该时段空闲');
    expect(rows[1]).toContain('孙强');
    expect(bodyText()).toContain('不符合条件的工程师');
    expect(bodyText()).toContain('缺少制冷与空调作业证');
    // The excluded engineer cannot be chosen.
    const radios = [...document.body.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.value)).toEqual([candidates[1]!.engineerId, candidates[0]!.engineerId]);
  });

  it('preselects the top-ranked engineer and dispatches to the one chosen', async () => {
    await open();
    await eventually(() => expect(buttonByText('派单给 陈建国')).toBeTruthy());
    const second = document.body.querySelectorAll<HTMLInputElement>('input[type="radio"]')[1]!;
    second.click();
    await eventually(() => expect(buttonByText('派单给 孙强')).toBeTruthy());
    buttonByText('派单给 孙强').click();
    await eventually(() => expect(server.calls(`POST /api/v1/orders/${ORDER.id}/dispatch`)).toHaveLength(1));
    expect(server.calls(`POST /api/v1/orders/${ORDER.id}/dispatch`)[0]!.body).toEqual({ engineerId: candidates[0]!.engineerId });
    await eventually(() => expect(wrapper.emitted('done')?.[0]?.[1]).toBe('孙强'));
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false]);
  });

  it('reloads the suggestions when the server refuses the dispatch', async () => {
    dispatchReply = () => errorReply('engineer_not_eligible');
    await open();
    await eventually(() => expect(buttonByText('派单给 陈建国')).toBeTruthy());
    buttonByText('派单给 陈建国').click();
    await eventually(() => expect(server.calls(`GET /api/v1/orders/${ORDER.id}/candidates`)).toHaveLength(2));
    // The reloaded list is shown again, with the top-ranked engineer preselected.
    await eventually(() => expect(buttonByText('派单给 陈建国')).toBeTruthy());
    expect(wrapper.emitted('done')).toBeUndefined();
  });
});
