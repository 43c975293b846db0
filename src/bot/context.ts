import type { Engine } from '../answer/engine.js';
import type { Logger } from '../log.js';
import type { AnswerService } from './answers.js';
import type { BotConfig } from './config.js';
import type { RateLimiter } from './limits.js';
import type { BotState } from './state/index.js';

/** What every command and event handler works with. The engine is the only way to the article. */
export interface BotContext {
  engine: Engine;
  state: BotState;
  limiter: RateLimiter;
  answers: AnswerService;
  config: BotConfig;
  logger: Logger;
}
