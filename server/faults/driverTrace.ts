import fs from 'node:fs';
import mongoose from 'mongoose';

/**
 * Preloaded into a server child process by the fault suites (`--import`): writes the MongoDB driver's view of the
 * database (server description changes, heartbeats, pool clears) to FAULTS_DRIVER_TRACE, so that a server which does
 * not reconnect after a fault can be explained from the suite's output. Test-only; the server knows nothing of it.
 */
const file = process.env.FAULTS_DRIVER_TRACE;
if (file) {
  const out = fs.createWriteStream(file, { flags: 'a' });
  const log = (line: string) => out.write(`${new Date().toISOString()} ${line}\n`);
  const message = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message.slice(0, 160)}` : '');
  mongoose.connection.once('connected', () => {
    const client = mongoose.connection.getClient();
    client.on('serverDescriptionChanged', (e) => log(`server ${e.previousDescription.type} → ${e.newDescription.type} ${message(e.newDescription.error)}`));
    client.on('serverHeartbeatFailed', (e) => log(`heartbeat failed after ${e.duration} ms: ${message(e.failure)}`));
    client.on('serverHeartbeatSucceeded', (e) => log(`heartbeat ok in ${e.duration} ms`));
    client.on('connectionPoolCleared', () => log('pool cleared'));
    client.on('connectionPoolReady', () => log('pool ready'));
  });
  for (const event of ['connected', 'disconnected', 'reconnected', 'error'] as const) mongoose.connection.on(event, () => log(`mongoose ${event}`));
}
