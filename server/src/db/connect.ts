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
 * Connects the default Mongoose connection and waits until the server answers a ping. Throws one clear error when
 * it cannot be reached within `timeoutMs`.
 */
export async function connectDatabase(uri: string, dbName: string, timeoutMs = 15_000): Promise<typeof mongoose> {
  try {
    await mongoose.connect(uri, {
      dbName,
      serverSelectionTimeoutMS: timeoutMs,
      maxPoolSize: 50,
      autoIndex: false,
    });
    await mongoose.connection.db!.admin().ping();
  } catch (err) {
    await mongoose.disconnect().catch(() => undefined);
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new DatabaseUnavailableError(`cannot reach the database at ${redactUri(uri)}: ${reason}`);
  }
  return mongoose;
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

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
