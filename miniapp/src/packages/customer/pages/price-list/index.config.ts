export default definePageConfig({
  navigationBarTitleText: '服务价目表',
})
