import { t } from '../../src/strings/index.js';
import type { DiscordEmulator, RecordedRequest } from '../discord-emulator/index.js';
import type { Json } from '../discord-emulator/model.js';
import type { QuestionKind } from './schedule.js';

/** How a question was settled: an answer with sources, a refusal, a note instead of an answer, or the failure notice. */
export type Outcome = 'answered' | 'refused' | 'note' | 'failed';

export interface TrackedQuestion {
  kind: QuestionKind;
  /** performance.now() when the member asked. */
  sentAt: number;
  /** Every write that settled it, with when Discord stored it; more than one is a question answered twice. */
  settled: { at: number; outcome: Outcome }[];
}

const LANGUAGES = ['en', 'fr'] as const;
const FAILURE_NOTICES = new Set(LANGUAGES.map((lang) => t('failed', lang)));
/** The one short note a forum post the article cannot answer gets, instead of the refusal and its buttons. */
const FORUM_UNANSWERED = new Set(LANGUAGES.map((lang) => t('forum.unanswered', lang)));
/** The opening words of the notes that stand in for an answer (over a limit, restarting, nothing asked), up to the first value filled in. */
const NOTE_OPENINGS = (['rateLimited', 'busy', 'stopping', 'usage'] as const).flatMap((key) => LANGUAGES.map((lang) => t(key, lang, { seconds: '\0', question: '\0', ask: '\0' }).split('\0')[0]!));
const THREAD_START = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/;
const CHANNEL_MESSAGE = /^\/channels\/(\d+)\/messages$/;
const MESSAGE_EDIT = /^\/channels\/\d+\/messages\/(\d+)$/;
const CALLBACK = /^\/interactions\/\d+\/([^/]+)\/callback$/;
const ORIGINAL_EDIT = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/;
const FOLLOW_UP = /^\/webhooks\/\d+\/([^/]+)$/;

/**
 * Follows what the bot sends and ties each write to the question it settles: a reply references the question's
 * message (and its later edits, the reply's id), an answer in a new thread (or in a forum post) goes to the thread
 * named by the question's id, and an /ask or message-menu answer is an interaction response or an edit of its
 * @original. Partial edits of a streaming answer settle nothing.
 */
export class ReplyTracker {
  readonly questions: TrackedQuestion[] = [];
  /** Requests the emulator answered with an error, as Discord would have. */
  readonly rejected: RecordedRequest[] = [];
  /** The bot's threads per guild, where members ask follow-ups. */
  readonly threads = new Map<string, string[]>();
  private readonly byMessage = new Map<string, TrackedQuestion>();
  /** The bot's own messages, whose later edits (a streamed answer's) settle the question they answer. */
  private readonly byAnswer = new Map<string, TrackedQuestion>();
  private readonly byToken = new Map<string, TrackedQuestion>();
  private readonly unsubscribe: () => void;

  constructor(private readonly emulator: DiscordEmulator) {
    this.unsubscribe = emulator.rest.onRequest((request) => this.observe(request));
  }

  askedInMessage(messageId: string, kind: QuestionKind, sentAt: number): void {
    this.byMessage.set(messageId, this.track(kind, sentAt));
  }

  askedInInteraction(token: string, kind: QuestionKind, sentAt: number): void {
    this.byToken.set(token, this.track(kind, sentAt));
  }

  unsettled(): number {
    return this.questions.filter((q) => q.settled.length === 0).length;
  }

  close(): void {
    this.unsubscribe();
  }

  private track(kind: QuestionKind, sentAt: number): TrackedQuestion {
    const question: TrackedQuestion = { kind, sentAt, settled: [] };
    this.questions.push(question);
    return question;
  }

  private observe(request: RecordedRequest): void {
    if (request.status >= 400) {
      this.rejected.push(request);
      return;
    }
    const { method, path } = request;
    const body: Json = request.body ?? {};
    // Heard as the emulator answers: the write is on Discord now, after any latency it added.
    const shownAt = performance.now();
    let match: RegExpExecArray | null;
    if (method === 'POST' && (match = THREAD_START.exec(path))) {
      const guildId = this.emulator.channels.get(match[1]!)?.guildId;
      if (guildId) this.threads.set(guildId, [...(this.threads.get(guildId) ?? []), match[2]!]);
    } else if (method === 'POST' && (match = CHANNEL_MESSAGE.exec(path))) {
      const referenced = body.message_reference?.message_id;
      // A thread opened for a question has the question's id.
      const question = this.byMessage.get(String(referenced ?? match[1]));
      if (question) this.byAnswer.set(String((request.response as Json).id), question);
      this.settle(question, shownAt, body);
    } else if (method === 'PATCH' && (match = MESSAGE_EDIT.exec(path))) {
      this.settle(this.byAnswer.get(match[1]!), shownAt, body);
    } else if (method === 'POST' && (match = CALLBACK.exec(path))) {
      if (body.type === 4) this.settle(this.byToken.get(match[1]!), shownAt, body.data ?? {});
    } else if ((method === 'PATCH' && (match = ORIGINAL_EDIT.exec(path))) || (method === 'POST' && (match = FOLLOW_UP.exec(path)))) {
      this.settle(this.byToken.get(match[1]!), shownAt, body);
    }
  }

  private settle(question: TrackedQuestion | undefined, at: number, body: Json): void {
    const outcome = outcomeOf(body);
    if (question && outcome) question.settled.push({ at, outcome });
  }
}

function outcomeOf(body: Json): Outcome | undefined {
  const components = JSON.stringify(body.components ?? []);
  if (components.includes('"sources:')) return 'answered';
  if (components.includes('"vote:')) return 'refused';
  const content = String(body.content ?? '');
  if (FAILURE_NOTICES.has(content)) return 'failed';
  if (FORUM_UNANSWERED.has(content)) return 'refused';
  if (NOTE_OPENINGS.some((opening) => content.startsWith(opening))) return 'note';
  // A streaming partial, or a piece of a long answer before the one that carries the buttons.
  return undefined;
}
