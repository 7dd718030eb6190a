// NutUI's Tabs and TabPane, each with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Tabs from '@nutui/nutui-react-taro/dist/es/packages/tabs'
import TabPane from '@nutui/nutui-react-taro/dist/es/packages/tabpane'
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/tabpane/style/css'

export { Tabs, TabPane }
