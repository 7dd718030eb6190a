// NutUI's Cell and CellGroup, each with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell'
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css'

export { Cell, CellGroup }
