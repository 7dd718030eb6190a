export default definePageConfig({
  navigationBarTitleText: '电子工作证',
})
