// NutUI's NoticeBar, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import NoticeBar from '@nutui/nutui-react-taro/dist/es/packages/noticebar'
import '@nutui/nutui-react-taro/dist/es/packages/noticebar/style/css'

export { NoticeBar }
