import type { AuthUser } from '../../core/authUser';
import type { EventActor } from './mutate';

export const actorOf = (user: AuthUser): EventActor => ({ id: user.id, role: user.role, name: user.name });
export const SYSTEM_ACTOR: EventActor = { id: null, role: 'system', name: '系统' };
