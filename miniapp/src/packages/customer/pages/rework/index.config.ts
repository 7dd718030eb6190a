export default definePageConfig({
  navigationBarTitleText: '免费二次上门',
})
