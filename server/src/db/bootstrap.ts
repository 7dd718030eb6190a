import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { connectDatabase, databaseAnswers, disconnectDatabase, redactUri, superviseConnection, syncIndexes } from './connect';
import { startEmbeddedDb, type EmbeddedDb } from './embedded';

export interface OpenDatabase {
  uri: string;
  embedded: EmbeddedDb | null;
  close(): Promise<void>;
}

/**
 * Connects to MONGODB_URI, or (when unset) to the embedded engine on EMBEDDED_DB_PORT with its data file under
 * DATA_DIR/db, starting the engine unless one is already serving that port (for example `pnpm seed` while
 * `pnpm start` runs). Builds the declared indexes.
 */
export async function openDatabase(config: Config, log: Logger): Promise<OpenDatabase> {
  let uri = config.MONGODB_URI;
  let embedded: EmbeddedDb | null = null;
  if (!uri) {
    const local = `mongodb://127.0.0.1:${config.EMBEDDED_DB_PORT}/`;
    if (await databaseAnswers(local, 500)) {
      uri = local;
      log.info({ uri }, 'using the embedded database that is already running');
    } else {
      const file = path.join(config.DATA_DIR, 'db', 'fangxin.mv');
      log.info({ file }, 'starting the embedded MongoDB-compatible database');
      embedded = await startEmbeddedDb({ storage: file, port: config.EMBEDDED_DB_PORT, onStderr: (line) => log.debug({ devdb: line }) });
      uri = embedded.uri;
    }
  }
  try {
    await connectDatabase(uri, config.MONGODB_DB, config.DB_CONNECT_TIMEOUT_MS);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  await syncIndexes();
  log.info({ uri: redactUri(uri), db: config.MONGODB_DB }, 'database connected');
  const stopSupervising = superviseConnection(uri, config.MONGODB_DB, {
    onReconnect: () => log.warn('the database answers again but the driver has not reconnected: reconnecting'),
  });
  return {
    uri,
    embedded,
    async close() {
      stopSupervising();
      await disconnectDatabase();
      await embedded?.stop();
    },
  };
}
