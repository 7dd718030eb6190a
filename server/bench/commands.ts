/**
 * Records the database commands one piece of work sends (driver command monitoring), as `find orders` strings, so
 * the bench can show that an endpoint and its direct-database twin make the same queries.
 */
import type mongoose from 'mongoose';

const NOT_QUERIES = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'killCursors', 'buildInfo', 'saslStart', 'saslContinue']);

export interface Recorded {
  commands: string[];
  /** BSON-ish size of inserted order documents, to compare the written payloads. */
  insertedOrderBytes: number[];
}

export function commandRecorder(client: mongoose.mongo.MongoClient) {
  let current: Recorded | null = null;
  client.on('commandStarted', (event) => {
    if (!current || NOT_QUERIES.has(event.commandName)) return;
    const command = event.command as Record<string, unknown>;
    const collection = event.commandName === 'getMore' ? String(command.collection) : String(command[event.commandName]);
    current.commands.push(`${event.commandName} ${collection}`);
    if (event.commandName === 'insert' && collection === 'orders') {
      for (const doc of (command.documents as unknown[]) ?? []) current.insertedOrderBytes.push(JSON.stringify(doc).length);
    }
  });
  return async (work: () => Promise<unknown>): Promise<Recorded> => {
    current = { commands: [], insertedOrderBytes: [] };
    try {
      await work();
      return current;
    } finally {
      current = null;
    }
  };
}

/** `find orders ×2, count orders` — order-independent, so parallel queries compare equal whatever finishes first. */
export function summariseCommands(commands: string[]): string {
  const counts = new Map<string, number>();
  for (const c of [...commands].sort()) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => (n > 1 ? `${c} ×${n}` : c)).join(', ');
}
