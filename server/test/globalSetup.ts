import type { TestProject } from 'vitest/node';
import { startEmbeddedDb, type EmbeddedDb } from '../src/db/embedded';

let engine: EmbeddedDb | undefined;

/** Starts the embedded engine once per run, unless MONGODB_URI points the tests at a real MongoDB. */
export async function setup(project: TestProject) {
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    engine = await startEmbeddedDb({ storage: 'memory', heap: '1g' });
    uri = engine.uri;
  }
  project.provide('mongoUri', uri);
}

export async function teardown() {
  await engine?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}
