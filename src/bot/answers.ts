import { randomUUID } from 'node:crypto';
import type { Engine } from '../answer/engine.js';
import type { AnswerResult, Turn } from '../answer/types.js';
import type { Language } from '../corpus/article.js';
import type { Logger } from '../log.js';
import type { BotState, LoggedQuestion, QuestionSource } from './state/index.js';

/** How many earlier exchanges of a thread are handed to the engine as context. */
export const THREAD_HISTORY_TURNS = 4;

export interface Question {
  /** Names the question in every log line about it, from its arrival to its delivery or failure. */
  requestId: string;
  text: string;
  source: QuestionSource;
  guildId: string | null;
  /** Null when discord.js does not know the channel (an interaction from a channel it has not seen). */
  channelId: string | null;
  /**
   * The conversation the question belongs to, whose earlier turns are its context: the thread the answer goes to
   * (asked in it, or opened for it), or the direct-message channel.
   */
  threadId?: string;
  /** Turns of the conversation older than this time (ms since the epoch) are not its context. */
  historySince?: number;
  userId: string;
  /** performance.now() when the question reached the bot. */
  receivedAt: number;
  /** The reply language when the question itself is too short to tell (an /ask member's Discord locale). */
  languageHint?: Language;
}

export interface Answered {
  result: AnswerResult;
  /** The question log row and the reference the buttons under the answer carry; undefined when it could not be written. */
  logged?: LoggedQuestion;
  historyTurns: number;
}

export function newRequestId(): string {
  return randomUUID().slice(0, 8);
}

/**
 * What a log line says about an error: its message and, for Discord's and SQLite's, the HTTP status and error
 * code. Never the request URL: an interaction's URL carries its token.
 */
export function errorFields(error: unknown): { err: string | undefined; status?: number; code?: number | string } {
  const { message, status, code } = (error ?? {}) as { message?: string; status?: unknown; code?: unknown };
  return {
    err: message,
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof code === 'number' || typeof code === 'string' ? { code } : {}),
  };
}

/** The one path from a Discord question to the engine and the question log, whichever way it was asked. */
export class AnswerService {
  constructor(
    private readonly engine: Engine,
    private readonly state: BotState,
    private readonly logger: Logger,
    private readonly logContent: boolean,
  ) {}

  async answer(question: Question, onPartial?: (text: string) => void): Promise<Answered> {
    const history: Turn[] = question.threadId ? this.state.questions.history(question.threadId, THREAD_HISTORY_TURNS, question.historySince) : [];
    const result = await this.engine.ask(question.text, { history, onPartial, ...(question.languageHint ? { languageHint: question.languageHint } : {}) });
    return { result, logged: this.record(question, result), historyTurns: history.length };
  }

  /** The answer is on Discord: records how long it took and writes the question's one log line. */
  delivered(question: Question, answered: Answered): void {
    const replyMs = performance.now() - question.receivedAt;
    if (answered.logged) {
      try {
        this.state.questions.setReplyMs(answered.logged.id, replyMs);
      } catch (error) {
        this.logger.warn({ requestId: question.requestId, ...errorFields(error) }, 'could not record the reply time');
      }
    }
    const { result } = answered;
    this.logger.info(
      {
        requestId: question.requestId,
        answerId: answered.logged?.id,
        guild: question.guildId,
        channel: question.channelId,
        source: question.source,
        language: result.language,
        refused: result.refused,
        refusalReason: result.refusalReason,
        passages: result.citations.map((c) => c.passageId),
        answerer: result.answerer,
        historyTurns: answered.historyTurns,
        ms: { ...result.timings, reply: Math.round(replyMs) },
        ...(this.logContent ? { question: result.question } : {}),
      },
      'question answered',
    );
  }

  failed(question: Question, error: unknown): void {
    this.logger.error({ requestId: question.requestId, guild: question.guildId, channel: question.channelId, source: question.source, ...errorFields(error) }, 'question failed');
  }

  /** The log feeds statistics, buttons and thread memory; a busy or read-only database must not keep the answer back. */
  private record(question: Question, result: AnswerResult): LoggedQuestion | undefined {
    try {
      return this.state.questions.record({
        requestId: question.requestId,
        guildId: question.guildId,
        channelId: question.channelId,
        threadId: question.threadId,
        userId: question.userId,
        source: question.source,
        question: result.question,
        language: result.language,
        answer: result.answer,
        refused: result.refused,
        refusalReason: result.refusalReason,
        citations: result.citations.map(({ n, passageId, lang, translated }) => ({ n, passageId, lang, translated })),
        engineMs: result.timings.totalMs,
      });
    } catch (error) {
      this.logger.error({ requestId: question.requestId, guild: question.guildId, ...errorFields(error) }, 'could not record the question; answering without buttons');
      return undefined;
    }
  }
}
