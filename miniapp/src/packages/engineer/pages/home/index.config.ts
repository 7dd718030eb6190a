export default definePageConfig({
  navigationBarTitleText: '工程师模式',
})
