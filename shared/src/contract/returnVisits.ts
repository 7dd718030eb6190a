/** Endpoints of this area, declared with `endpoint({...})` from './endpoint'. */
export const returnVisits = {};
