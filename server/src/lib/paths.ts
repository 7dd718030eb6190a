import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * Server package root: this file is server/src/lib/paths.ts when run from source (tsx, tests), and part of the
 * single bundle server/dist/main.js in the production build (server/build.mjs); both resolve to server/.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const SERVER_ROOT = path.basename(here) === 'dist' ? path.resolve(here, '..') : path.resolve(here, '..', '..');
/** Repository root (the admin and H5 builds, `.data/`), one level above the server package. */
export const REPO_ROOT = path.dirname(SERVER_ROOT);
