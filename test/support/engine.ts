import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Engine } from '../../src/answer/engine.js';
import { type EngineConfig, loadEngineConfig } from '../../src/config/env.js';
import { type Logger, createLogger } from '../../src/log.js';

/** Log lines a test can read: the logger writes JSON lines here instead of stderr. */
export function captureLogs(level = 'info'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

/** A config on the embedded defaults with its own index folder, so tests never share or keep state. */
export async function tempConfig(env: Record<string, string> = {}): Promise<{ config: EngineConfig; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'article-qa-'));
  const config = loadEngineConfig({ INDEX_DIR: path.join(dir, 'index'), ...env });
  return { config, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function tempEngine(env: Record<string, string> = {}) {
  const { config, cleanup } = await tempConfig(env);
  const logs = captureLogs();
  const engine = await Engine.create(config, logs.logger);
  return { engine, config, logs, cleanup };
}
