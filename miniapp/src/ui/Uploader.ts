// NutUI's Uploader, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Uploader from '@nutui/nutui-react-taro/dist/es/packages/uploader'
import '@nutui/nutui-react-taro/dist/es/packages/uploader/style/css'

export { Uploader }
