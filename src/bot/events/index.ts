/** Every event handler of the bot, registered by startBot. */
import type { EventHandler } from './define.js';
import error from './error.js';
import interactionCreate from './interactionCreate.js';
import messageCreate from './messageCreate.js';
import ready from './ready.js';
import shardError from './shardError.js';
import shardReconnecting from './shardReconnecting.js';

export const events: readonly EventHandler<any>[] = [ready, messageCreate, interactionCreate, shardError, shardReconnecting, error];
