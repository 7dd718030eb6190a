// NutUI's Grid and GridItem, each with its stylesheet. One module per component (README.md): a page loads only what it uses.
import Grid from '@nutui/nutui-react-taro/dist/es/packages/grid'
import GridItem from '@nutui/nutui-react-taro/dist/es/packages/griditem'
import '@nutui/nutui-react-taro/dist/es/packages/grid/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/griditem/style/css'

export { Grid, GridItem }
