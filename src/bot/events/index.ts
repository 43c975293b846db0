/** Every event handler of the bot, registered by startBot. */
import debug from './debug.js';
import type { EventHandler } from './define.js';
import error from './error.js';
import interactionCreate from './interactionCreate.js';
import messageCreate from './messageCreate.js';
import ready from './ready.js';
import shardDisconnect from './shardDisconnect.js';
import shardError from './shardError.js';
import shardReconnecting from './shardReconnecting.js';
import shardResume from './shardResume.js';
import threadCreate from './threadCreate.js';
import warn from './warn.js';

export const events: readonly EventHandler<any>[] = [ready, messageCreate, threadCreate, interactionCreate, debug, shardDisconnect, shardError, shardReconnecting, shardResume, warn, error];
