// NutUI's Badge, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Badge from '@nutui/nutui-react-taro/dist/es/packages/badge'
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css'

export { Badge }
