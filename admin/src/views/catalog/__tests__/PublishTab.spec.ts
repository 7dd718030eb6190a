import type { CatalogDiff } from '@fangxin/shared';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorReply, startApiServer, useApiServer, type ApiServer, type Reply } from '@/test-utils/apiServer';
import { ADMIN, bodyText, eventually, mountView, signIn } from '@/test-utils/mount';
import PublishTab from '../components/PublishTab.vue';

const version = (n: number) => ({ version: n, publishedAt: '2026-11-24T08:23:48.625Z', publishedBy: { id: null, name: '系统初始化' }, items: [], policies: [] });

function diff(base: number): CatalogDiff {
  return {
    baseVersion: base,
    hasChanges: true,
    added: [],
    removed: [],
    changed: [{ code: 'AC-L-001', name: '上门检测费', changes: [{ field: 'priceFen', before: 3000, after: 3500 }] }],
    policies: { added: [], removed: [], changed: [] },
  };
}

/** Clicks the confirm button of Element Plus's message box. */
async function confirmBox() {
  await eventually(() => expect(document.body.querySelector('.el-message-box')).not.toBeNull());
  (document.body.querySelector('.el-message-box__btns .el-button--primary') as HTMLButtonElement).click();
}

describe('catalogue PublishTab', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;
  let base: number;
  let publishReply: () => Reply;

  beforeEach(async () => {
    localStorage.clear();
    signIn(ADMIN);
    base = 1;
    publishReply = () => ({ status: 201, body: version(2) });
    server = await startApiServer({
      'GET /api/v1/admin/catalog/diff': () => ({ status: 200, body: diff(base) }),
      'GET /api/v1/catalog/versions/current': () => ({ status: 200, body: version(base) }),
      'POST /api/v1/admin/catalog/publish': () => publishReply(),
    });
    useApiServer(server);
  });

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    await server.close();
  });

  it('shows each change field by field, before and after, in yuan', async () => {
    ({ wrapper } = await mountView(PublishTab));
    await eventually(() => expect(wrapper.text()).toContain('上门检测费'));
    expect(wrapper.find('del').text()).toBe('¥30.00');
    expect(wrapper.find('ins').text()).toBe('¥35.00');
    expect(wrapper.text()).toContain('v1 ·');
    expect(wrapper.text()).toContain('发布新版本 v2');
  }, 20_000); // the first mount of the file loads Element Plus: slow on a busy machine

  it('publishes against the version that was on screen', async () => {
    ({ wrapper } = await mountView(PublishTab));
    await eventually(() => expect(wrapper.text()).toContain('发布新版本 v2'));
    await wrapper.find('.publish__bar button').trigger('click');
    await confirmBox();
    await eventually(() => expect(server.calls('POST /api/v1/admin/catalog/publish')).toHaveLength(1));
    expect(server.calls('POST /api/v1/admin/catalog/publish')[0]!.body).toEqual({ expectedVersion: 1 });
    await eventually(() => expect(wrapper.emitted('published')?.[0]?.[0]).toMatchObject({ version: 2 }));
  });

  it('explains a concurrent publish and refreshes the diff instead of overwriting it', async () => {
    publishReply = () => {
      base = 2;
      return errorReply('catalog_version_conflict');
    };
    ({ wrapper } = await mountView(PublishTab));
    await eventually(() => expect(wrapper.text()).toContain('发布新版本 v2'));
    await wrapper.find('.publish__bar button').trigger('click');
    await confirmBox();
    await eventually(() => expect(bodyText()).toContain('在你查看期间有人发布了新版本'));
    await eventually(() => expect(wrapper.text()).toContain('发布新版本 v3'));
    expect(server.calls('GET /api/v1/admin/catalog/diff')).toHaveLength(2);
  });
});
