import { randomUUID } from 'node:crypto';
import type { Engine } from '../answer/engine.js';
import type { AnswerResult, Turn } from '../answer/types.js';
import type { Logger } from '../log.js';
import type { BotState, QuestionSource } from './state/index.js';

/** How many earlier exchanges of a thread are handed to the engine as context. */
export const THREAD_HISTORY_TURNS = 4;

export interface Question {
  text: string;
  source: QuestionSource;
  guildId: string | null;
  channelId: string;
  /** The thread the answer goes to, when there is one (asked in it, or opened for it). */
  threadId?: string;
  userId: string;
  /** performance.now() when the question reached the bot. */
  receivedAt: number;
}

export interface Answered {
  result: AnswerResult;
  /** The question log row: what the buttons under the answer refer to. */
  answerId: number;
  requestId: string;
  historyTurns: number;
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
    const requestId = randomUUID().slice(0, 8);
    const history: Turn[] = question.threadId ? this.state.questions.history(question.threadId, THREAD_HISTORY_TURNS) : [];
    const result = await this.engine.ask(question.text, { history, onPartial });
    const answerId = this.state.questions.record({
      requestId,
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
    return { result, answerId, requestId, historyTurns: history.length };
  }

  /** The answer is on Discord: records how long it took and writes the question's one log line. */
  delivered(question: Question, answered: Answered): void {
    const replyMs = performance.now() - question.receivedAt;
    this.state.questions.setReplyMs(answered.answerId, replyMs);
    const { result } = answered;
    this.logger.info(
      {
        requestId: answered.requestId,
        answerId: answered.answerId,
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
    this.logger.error({ guild: question.guildId, channel: question.channelId, source: question.source, err: (error as Error)?.message }, 'question failed');
  }
}
