export default definePageConfig({
  navigationBarTitleText: '核验工程师',
})
