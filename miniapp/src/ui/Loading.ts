// NutUI's Loading, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Loading from '@nutui/nutui-react-taro/dist/es/packages/loading'
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css'

export { Loading }
