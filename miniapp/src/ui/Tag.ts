// NutUI's Tag, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Tag from '@nutui/nutui-react-taro/dist/es/packages/tag'
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css'

export { Tag }
