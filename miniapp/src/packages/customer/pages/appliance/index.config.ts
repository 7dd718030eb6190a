export default definePageConfig({
  navigationBarTitleText: '家电档案',
})
