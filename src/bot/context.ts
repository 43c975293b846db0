import type { Engine } from '../answer/engine.js';
import type { Language } from '../corpus/article.js';
import type { Logger } from '../log.js';
import type { AnswerService } from './answers.js';
import type { BotConfig } from '../config/bot.js';
import type { RateLimiter } from './rate-limiter.js';
import type { BotState } from './state/index.js';

/** Running counts of what the gateway connection did since start, logged with each event so an outage reads as a series. */
export interface GatewayCounts {
  closes: number;
  reconnects: number;
  resumes: number;
  warnings: number;
  errors: number;
}

/** What every command and event handler works with. The engine is the only way to the article. */
export interface BotContext {
  engine: Engine;
  state: BotState;
  limiter: RateLimiter;
  answers: AnswerService;
  config: BotConfig;
  logger: Logger;
  /** DEFAULT_LANGUAGE: what the bot writes in when nothing says which language a member reads. */
  defaultLanguage: Language;
  gateway: GatewayCounts;
}
