/**
 * The NutUI components the app uses, each with its stylesheet. Pages import UI from here, not from NutUI, so that
 * styles come along, only these components are bundled (per-component entry points, not NutUI's barrel, which also
 * pulls in lottie and a hundred other components), and a change of library touches this one file.
 */
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell'
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup'
import Grid from '@nutui/nutui-react-taro/dist/es/packages/grid'
import GridItem from '@nutui/nutui-react-taro/dist/es/packages/griditem'
import Input from '@nutui/nutui-react-taro/dist/es/packages/input'
import Tag from '@nutui/nutui-react-taro/dist/es/packages/tag'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/grid/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/griditem/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/style.css'

export { Button, Cell, CellGroup, Grid, GridItem, Input, Tag }
