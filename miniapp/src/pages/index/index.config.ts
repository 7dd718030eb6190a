export default definePageConfig({
  navigationBarTitleText: '放心服务',
})
