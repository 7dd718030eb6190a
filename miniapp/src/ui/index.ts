import { createElement, type ComponentProps } from 'react'
import { Text, View } from '@tarojs/components'
/**
 * The NutUI components the app uses, each with its stylesheet. Pages import UI from here, not from NutUI, so that
 * styles come along, only these components are bundled (per-component entry points, not NutUI's barrel, which also
 * pulls in lottie and a hundred other components), and a change of library touches this one file.
 * Styles come from each component's `style/css` entry, which also loads the styles of the parts it is built from
 * (DatePicker is a Picker in a Popup over an Overlay): importing only its own `style/style.css` left those unstyled.
 */
import Badge from '@nutui/nutui-react-taro/dist/es/packages/badge'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import Cascader from '@nutui/nutui-react-taro/dist/es/packages/cascader'
import Cell from '@nutui/nutui-react-taro/dist/es/packages/cell'
import CellGroup from '@nutui/nutui-react-taro/dist/es/packages/cellgroup'
import Checkbox from '@nutui/nutui-react-taro/dist/es/packages/checkbox'
import DatePicker from '@nutui/nutui-react-taro/dist/es/packages/datepicker'
import Dialog from '@nutui/nutui-react-taro/dist/es/packages/dialog'
import NutEmpty from '@nutui/nutui-react-taro/dist/es/packages/empty'
import Grid from '@nutui/nutui-react-taro/dist/es/packages/grid'
import GridItem from '@nutui/nutui-react-taro/dist/es/packages/griditem'
import Image from '@nutui/nutui-react-taro/dist/es/packages/image'
import Input from '@nutui/nutui-react-taro/dist/es/packages/input'
import InputNumber from '@nutui/nutui-react-taro/dist/es/packages/inputnumber'
import Loading from '@nutui/nutui-react-taro/dist/es/packages/loading'
import NoticeBar from '@nutui/nutui-react-taro/dist/es/packages/noticebar'
import Popup from '@nutui/nutui-react-taro/dist/es/packages/popup'
import NutProgress from '@nutui/nutui-react-taro/dist/es/packages/progress'
import Radio from '@nutui/nutui-react-taro/dist/es/packages/radio'
import RadioGroup from '@nutui/nutui-react-taro/dist/es/packages/radiogroup'
import Rate from '@nutui/nutui-react-taro/dist/es/packages/rate'
import SearchBar from '@nutui/nutui-react-taro/dist/es/packages/searchbar'
import Signature from '@nutui/nutui-react-taro/dist/es/packages/signature'
import Step from '@nutui/nutui-react-taro/dist/es/packages/step'
import Steps from '@nutui/nutui-react-taro/dist/es/packages/steps'
import Switch from '@nutui/nutui-react-taro/dist/es/packages/switch'
import TabPane from '@nutui/nutui-react-taro/dist/es/packages/tabpane'
import Tabs from '@nutui/nutui-react-taro/dist/es/packages/tabs'
import Tag from '@nutui/nutui-react-taro/dist/es/packages/tag'
import TextArea from '@nutui/nutui-react-taro/dist/es/packages/textarea'
import Uploader from '@nutui/nutui-react-taro/dist/es/packages/uploader'
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cascader/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/checkbox/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/grid/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/griditem/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/image/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/noticebar/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/progress/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/radiogroup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/rate/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/signature/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/step/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/tabpane/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/uploader/style/css'

export { Badge, Button, Cascader, Cell, CellGroup, Checkbox, DatePicker, Dialog, Grid, GridItem, Image, Input, InputNumber, Loading, NoticeBar, Popup, Radio, RadioGroup, Rate, SearchBar, Signature, Step, Steps, Switch, TabPane, Tabs, Tag, TextArea, Uploader }

/**
 * NutUI's empty state draws a picture from JD's CDN, which the server's CSP (img-src 'self' data: blob:) blocks and a
 * mini-program would have to whitelist: ours draws a plain mark from the design tokens instead (.empty-mark).
 */
function Empty(props: ComponentProps<typeof NutEmpty>) {
  return createElement(NutEmpty, { image: createElement(View, { className: 'empty-mark' }), imageSize: 64, ...props })
}

/** NutUI's progress bar is red unless told otherwise: ours is the brand colour. */
function Progress(props: ComponentProps<typeof NutProgress>) {
  return createElement(NutProgress, { color: 'var(--nutui-color-primary, #1769e0)', ...props })
}

export { Empty, Progress }

/**
 * Text that wraps only between words (at its spaces): a date, a time window (09:00-11:00) or an amount never breaks
 * in the middle, however narrow the phone or large the type. Each word is a nowrap span (app.scss `.nowrap`).
 */
function Words({ text, className }: { text: string; className?: string }) {
  const words = text.split(' ').filter(Boolean)
  const children = words.flatMap((w, i) => [...(i > 0 ? [' '] : []), createElement(Text, { key: i, className: 'nowrap' }, w)])
  return createElement(Text, { className }, ...children)
}

export { Words }
