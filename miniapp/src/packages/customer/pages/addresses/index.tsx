import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { AddressView } from '@fangxin/shared'
import { AsyncContent, errorText } from '@/components/AsyncContent'
import { PageShell } from '@/components/PageShell'
import { SignInPrompt } from '@/components/SignInPrompt'
import { useAsync } from '@/hooks/useAsync'
import { useRunner } from '@/hooks/useRunner'
import { toast } from '@/platform/toast'
import { customerApi } from '@/services/customer'
import { useSession } from '@/services/session'
import { Button } from '@/ui/Button'
import { Empty } from '@/ui/Empty'
import { Popup } from '@/ui/Popup'
import { Tag } from '@/ui/Tag'
import { districtText } from '@/utils/format'
import { AddressForm } from '../../components/AddressForm'
import '../manage.scss'

/** The customer's address book: add, change, make default, delete. */
export default function AddressesPage() {
  const current = useSession()
  const customer = current?.user.role === 'customer'
  const state = useAsync(() => (customer ? customerApi.addresses() : Promise.resolve([])), [customer])
  const [editing, setEditing] = useState<AddressView | 'new' | null>(null)
  const runner = useRunner((err) => toast(errorText(err)))

  if (!customer) {
    return (
      <PageShell>
        <SignInPrompt message='登录后管理地址' />
      </PageShell>
    )
  }

  return (
    <PageShell className='manage'>
      <AsyncContent state={state} empty={<Empty size='small' title='还没有地址' description='添加地址后预约更快捷' />}>
        {(items) =>
          items.map((a) => (
            <View key={a.id} className='card manage__item'>
              <View className='manage__item-head'>
                <Text className='manage__item-title'>
                  {a.contactName} {a.phone}
                </Text>
                {a.isDefault ? <Tag type='primary'>默认</Tag> : null}
              </View>
              <Text className='muted'>
                {districtText(a.districtCode)} {a.detail}
              </Text>
              <View className='manage__item-actions'>
                {a.isDefault ? null : (
                  <Button size='small' fill='outline' onClick={() => runner.run(`default-${a.id}`, async () => {
                    await customerApi.updateAddress(a.id, { isDefault: true })
                    await state.reload()
                  })}>
                    设为默认
                  </Button>
                )}
                <Button size='small' fill='outline' onClick={() => setEditing(a)}>
                  编辑
                </Button>
                <Button size='small' fill='outline' type='danger' loading={runner.busy === `delete-${a.id}`} onClick={() => runner.run(`delete-${a.id}`, async () => {
                  await customerApi.removeAddress(a.id)
                  await state.reload()
                })}>
                  删除
                </Button>
              </View>
            </View>
          ))
        }
      </AsyncContent>
      <Button className='manage__add' type='primary' size='large' block onClick={() => setEditing('new')}>
        新增地址
      </Button>
      <Popup visible={editing !== null} position='bottom' round closeable title={editing === 'new' ? '新增地址' : '编辑地址'} onClose={() => setEditing(null)}>
        {editing ? (
          <AddressForm
            key={editing === 'new' ? 'new' : editing.id}
            initial={editing === 'new' ? undefined : editing}
            onSaved={() => {
              setEditing(null)
              void state.reload()
            }}
          />
        ) : null}
      </Popup>
    </PageShell>
  )
}
