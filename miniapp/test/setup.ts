import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// Unmount what each test rendered (testing-library only does this by itself when vitest globals are on).
afterEach(() => cleanup())

// Taro's H5 selector queries (NutUI's tabs measure their titles with them) look for the current page's container;
// under test the whole document is that page. (Tests of the HTTP layer run in plain Node, without a document.)
if (typeof document !== 'undefined') {
  const { Current } = await import('@tarojs/runtime')
  const TEST_PAGE = 'taro-test-page'
  document.body.id = TEST_PAGE
  Current.page = { path: TEST_PAGE } as unknown as typeof Current.page
}
