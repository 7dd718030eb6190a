import { PublishedPromises } from '../schemas/governance';
import { endpoint } from './endpoint';

/** The numbers behind every promise the apps show (issue 19, part 5); the sentences: shared/src/domain/promises.ts. */
export const promises = {
  get: endpoint({
    method: 'get',
    path: '/promises',
    summary: 'The published service promises’ numbers (public): response, completion, second visit, complaints, free changes',
    description: 'Read from the platform settings in force; the apps word them with the shared promise sentences.',
    tags: ['settings'],
    auth: 'public',
    response: PublishedPromises,
  }),
};
