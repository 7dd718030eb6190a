// NutUI's Cascader, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Cascader from '@nutui/nutui-react-taro/dist/es/packages/cascader'
import '@nutui/nutui-react-taro/dist/es/packages/cascader/style/css'

export { Cascader }
