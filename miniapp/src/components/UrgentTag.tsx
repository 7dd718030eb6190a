import { Tag } from '@/ui/Tag'

/** Issue 19: the 加急 mark of an urgent order (dispatched first, shorter respond clock); nothing otherwise. */
export function UrgentTag({ urgent }: { urgent?: boolean }) {
  return urgent ? (
    <Tag type='danger' className='urgent-tag'>
      加急
    </Tag>
  ) : null
}
