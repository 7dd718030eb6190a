import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Repository root (two levels above server/src/lib). */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
export const SERVER_ROOT = path.join(REPO_ROOT, 'server');
