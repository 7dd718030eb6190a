// NutUI's Switch, with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Switch from '@nutui/nutui-react-taro/dist/es/packages/switch'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css'

export { Switch }
