import type { AuditEntryView } from '@fangxin/shared';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { ADMIN, eventually, mountView, signIn } from '@/test-utils/mount';
import AuditView from '../index.vue';

const ENTRY: AuditEntryView = {
  id: '65f0000000000000000000a1',
  at: '2026-12-06T21:17:30.576Z',
  action: 'api.post /api/v1/orders/:id/dispatch',
  actorId: '65f0000000000000000000b1',
  actorRole: 'outlet_manager',
  actorName: '林经理',
  outletId: '65f0000000000000000000c1',
  target: '{"id":"65f0000000000000000000d1"}',
  ip: '127.0.0.1',
  requestId: 'req-1',
  data: { status: 200 },
  summary: { zh: '林经理 派单：订单 FX20261207-00012，工程师：张三', en: '林经理 dispatched an order: order FX20261207-00012; Engineer: 张三' },
};

describe('audit log', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;

  async function open(user?: typeof ADMIN) {
    localStorage.clear();
    signIn(user);
    server = await startApiServer({
      'GET /api/v1/admin/audit': () => ({ status: 200, body: { items: [ENTRY], total: 1, page: 1, pageSize: 20 } }),
      'GET /api/v1/admin/users': () => ({ status: 200, body: { items: [], total: 0, page: 1, pageSize: 100 } }),
    });
    useApiServer(server);
    ({ wrapper } = await mountView(AuditView));
    await eventually(() => expect(wrapper.text()).toContain('派单：订单 FX20261207-00012'));
  }

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    await server.close();
  });

  it('shows a manager each entry as a sentence in Beijing time, with no route, raw data or technical details', async () => {
    await open();
    const text = wrapper.text();
    expect(text).toContain('林经理 派单：订单 FX20261207-00012，工程师：张三');
    expect(text).toContain('2026-12-07 05:17'); // 21:17 UTC on the 6th
    expect(text).not.toMatch(/api\.post|\/api\/v1|status|2026-12-06T|req-1/);
    expect(wrapper.find('.el-table__expand-icon').exists()).toBe(false);
  });

  it('gives a platform admin the technical details behind an expandable row', async () => {
    await open(ADMIN);
    expect(wrapper.text()).not.toContain('api.post');
    await wrapper.find('.el-table__expand-icon').trigger('click');
    await eventually(() => expect(wrapper.find('[data-test="audit-technical"]').exists()).toBe(true));
    const tech = wrapper.find('[data-test="audit-technical"]').text();
    expect(tech).toContain('技术详情');
    expect(tech).toContain('api.post /api/v1/orders/:id/dispatch');
    expect(tech).toContain('req-1');
  });
});
