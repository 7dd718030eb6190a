import mongoose from 'mongoose';

// Fail fast instead of queueing operations while the database is away: requests then get a clear 503.
mongoose.set('bufferCommands', false);
mongoose.set('strictQuery', true);

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** Hides credentials when a URI is printed. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}

/**
 * How long an operation waits for a reachable database before it fails. Short on purpose: while the database is away
 * a request gets a clear 503 within this time instead of hanging; once it is back the driver reconnects by itself.
 */
export const SERVER_SELECTION_TIMEOUT_MS = 2_000;

/** Whether a failed operation certainly never reached the database (no server to send it to), so it changed nothing. */
export function neverSent(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err instanceof mongoose.mongo.MongoServerSelectionError ||
    ['MongoPoolClearedError', 'MongoNotConnectedError', 'MongoTopologyClosedError'].includes(err.name)
  );
}

/**
 * Connects the default Mongoose connection and waits until the server answers a ping, trying again until `timeoutMs`
 * has passed (start-up may race the database's own). Throws one clear error when it cannot be reached by then.
 */
export async function connectDatabase(uri: string, dbName: string, timeoutMs = 15_000): Promise<typeof mongoose> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mongoose.connect(uri, {
        dbName,
        serverSelectionTimeoutMS: Math.min(SERVER_SELECTION_TIMEOUT_MS, timeoutMs),
        maxPoolSize: 50,
        autoIndex: false,
      });
      await mongoose.connection.db!.admin().ping();
      return mongoose;
    } catch (err) {
      await mongoose.disconnect().catch(() => undefined);
      if (Date.now() >= deadline - 100) {
        const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
        throw new DatabaseUnavailableError(`cannot reach the database at ${redactUri(uri)}: ${reason}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Builds every model's declared indexes (production relies on them; the embedded engine accepts them). */
export async function syncIndexes(): Promise<void> {
  for (const model of Object.values(mongoose.models)) {
    await model.syncIndexes();
  }
}

export async function pingDatabase(timeoutMs = 2_000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  try {
    await Promise.race([
      db.admin().ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), timeoutMs)),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Whether the database answers a ping on a connection of its own (the default connection is not touched). */
export async function databaseAnswers(uri: string, timeoutMs = 1_000): Promise<boolean> {
  const probe = mongoose.createConnection(uri, { serverSelectionTimeoutMS: timeoutMs, maxPoolSize: 1 });
  try {
    await probe.asPromise();
    await probe.db!.admin().ping();
    return true;
  } catch {
    return false;
  } finally {
    await probe.close().catch(() => undefined);
  }
}

/**
 * Reconnects when the driver does not. It normally reconnects by itself once the database is back, but its server
 * monitor can stall for good: mongodb 7.8 may write a heartbeat onto a socket the database is tearing down at that
 * very moment and then wait for a 'drain' that never comes, and resetting the monitor is a no-op for servers that send
 * no topologyVersion (the embedded engine). The server then stays "unknown" although the database answers again (seen
 * in the database fault suite, about one run in fifteen). So, while disconnected, look with a connection of our own;
 * once the database has answered for longer than a healthy monitor needs to notice (its heartbeat is 10 s), reconnect.
 * Returns a function that stops watching.
 */
export function superviseConnection(uri: string, dbName: string, options: { onReconnect?: () => void; checkMs?: number; stalledMs?: number } = {}): () => void {
  const { checkMs = 2_000, stalledMs = 15_000 } = options;
  let answeringSince = 0;
  let busy = false;
  const check = async () => {
    if (mongoose.connection.readyState === mongoose.ConnectionStates.connected) {
      answeringSince = 0;
      return;
    }
    if (mongoose.connection.readyState !== mongoose.ConnectionStates.disconnected) return;
    if (!(await databaseAnswers(uri))) {
      answeringSince = 0;
      return;
    }
    answeringSince ||= Date.now();
    if (Date.now() - answeringSince < stalledMs) return;
    options.onReconnect?.();
    await mongoose.connection.close().catch(() => undefined);
    await connectDatabase(uri, dbName, stalledMs).catch(() => undefined);
    answeringSince = 0;
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void check().finally(() => (busy = false));
  }, checkMs);
  timer.unref();
  return () => clearInterval(timer);
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
