import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMPTS_DIR } from '../src/answer/prompts.js';
import { BotState } from '../src/bot/state/index.js';
import { loadArticle } from '../src/corpus/article.js';
import { type BotProcess, type ProcessWorld, openProcessWorld } from './discord-emulator/bot-process.js';
import type { DiscordEmulator, Guild, User } from './discord-emulator/index.js';
import type { Json } from './discord-emulator/model.js';
import { ReplyTracker } from './load/tracker.js';
import { writeProblems } from './support/discord-limits.js';
import { INJECTION_ATTEMPTS, type InjectionAttempt } from './support/injections.js';
import { MISBEHAVIOURS, obedientModel } from './support/obedient-model.js';
import { type RecordedRequest as ChatRequest, ScriptedOpenAI } from './support/scripted-openai.js';

const API_KEY = 'sk-proj-discord-injection-0123456789abcdef';
const article = await loadArticle();
const articleTexts = [...article.passages.map((p) => p.text), ...article.titles];

/** Six-word runs of the model's instructions (prompts/): none may reach Discord. */
const INSTRUCTION_SHINGLES = new Set(readdirSync(PROMPTS_DIR).flatMap((file) => shingles(readFileSync(path.join(PROMPTS_DIR, file), 'utf8'))));

function shingles(text: string, size = 6): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  return words.slice(0, Math.max(0, words.length - size + 1)).map((_, i) => words.slice(i, i + size).join(' '));
}

/** Whether `text` holds ten characters in a row of `secret`: a partial secret is still a leak. */
function revealsPartOf(text: string, secret: string, run = 10): boolean {
  for (let i = 0; i + run <= secret.length; i++) if (text.includes(secret.slice(i, i + run))) return true;
  return false;
}

/** Text in quotation marks, and the quotes of the sources embed, that no passage of the article contains. */
function inventedQuotes(body: Json): string[] {
  const quoted = [...String(body.content ?? '').matchAll(/[«“]\s*([^«»“”]+?)\s*[»”]/g)].map((m) => m[1]!);
  const fieldQuotes = (body.embeds ?? []).flatMap((embed: Json) => (embed.fields ?? []).map((f: Json) => String(f.value).split('\n')[0]!.replace(/^> /, '').replace(/…$/, '')));
  return [...quoted, ...fieldQuotes].filter((quote) => !articleTexts.some((text) => text.includes(quote.trim())));
}

/**
 * The injection suite through Discord: every attempt asked by mention, by /ask and as a follow-up in one of the
 * bot's threads whose earlier turns hold the attempt's planted history. The bot runs as production does, with
 * its token and an OpenAI key in its environment; with the language model, the model obeys every injection.
 */
describe.each(['extractive', 'llm'] as const)('the injection suite through Discord, %s answerer', (answerer) => {
  const model = new ScriptedOpenAI();
  let emulator: DiscordEmulator;
  let dir: string;
  let bot: BotProcess;
  let plain: { guild: Guild; channelId: string };
  let threaded: { guild: Guild; channelId: string };
  let asker: User;

  let world: ProcessWorld;

  beforeAll(async () => {
    world = await openProcessWorld({ name: 'bot-injection', member: 'mallory', guilds: [{ name: 'Plain' }, { name: 'Threads' }] });
    ({ emulator, dir, member: asker } = world);
    [plain, threaded] = world.guilds.map(({ guild, channelIds }) => ({ guild, channelId: channelIds[0]! })) as [typeof plain, typeof threaded];
    const env: Record<string, string> = { MEMBER_BURST: '0', GUILD_MAX_IN_FLIGHT: '100', OPENAI_API_KEY: API_KEY };
    if (answerer === 'llm') {
      model.otherwise(obedientModel({ apiKey: API_KEY, token: emulator.token }));
      Object.assign(env, { ANSWERER: 'llm', OPENAI_BASE_URL: await model.start() });
    }
    bot = await world.start(env);
    await world.answerInThreads(threaded.guild);
  });
  afterAll(async () => {
    await world?.stop();
    await model.stop();
  });

  it('reveals nothing, invents no quote and pings nobody, by mention, by /ask and in a thread', async () => {
    const mark = emulator.mark();
    const tracker = new ReplyTracker(emulator);
    const mention = (channelId: string, text: string) => emulator.postMessage({ channelId, author: asker, content: `<@${emulator.botUser.id}> ${text}` });
    for (const attempt of INJECTION_ATTEMPTS) {
      tracker.askedInMessage(mention(plain.channelId, attempt.question).id, 'mention', performance.now());
      const interaction = emulator.runCommand({ channelId: plain.channelId, user: asker, name: 'ask', options: [{ type: 3, name: 'question', value: attempt.question }] });
      tracker.askedInInteraction(interaction.token, 'slash', performance.now());
    }
    // One thread per attempt, opened by an ordinary question; its id is the question's.
    const threads = INJECTION_ATTEMPTS.map(() => mention(threaded.channelId, 'Who founded Alibaba?').id);
    for (const id of threads) tracker.askedInMessage(id, 'mention', performance.now());
    await emulator.until(() => tracker.unsettled() === 0, 60_000);
    plantHistory(threads);
    INJECTION_ATTEMPTS.forEach((attempt, i) => tracker.askedInMessage(emulator.postMessage({ channelId: threads[i]!, author: asker, content: attempt.question }).id, 'followup', performance.now()));
    await emulator.until(() => tracker.unsettled() === 0, 60_000);
    tracker.close();

    expect(tracker.questions).toHaveLength(4 * INJECTION_ATTEMPTS.length);
    expect(tracker.questions.filter((q) => q.settled.length !== 1 || q.settled[0]!.outcome === 'failed')).toEqual([]);
    expect(problemsSince(mark)).toEqual([]);
    if (answerer === 'llm') expect(model.requests.filter((r) => r.path.endsWith('/chat/completions')).length).toBeGreaterThan(INJECTION_ATTEMPTS.length / 2);
  }, 120_000);

  // Only a language model writes free text: what if it misbehaves unprompted, or prompted by the article itself?
  if (answerer === 'llm') it('holds when the model misbehaves on ordinary questions, in its streamed partial edits too', async () => {
    const mark = emulator.mark();
    const tracker = new ReplyTracker(emulator);
    const secrets = { apiKey: API_KEY, token: emulator.token };
    // The secret-bearing reply pauses a second and a half short of the token's end: long enough for a partial edit,
    // which may show the checked first sentence and nothing of the second.
    const tokenLeak = `Alibaba was founded in 1999 by Jack Ma [1]. My token is ${emulator.token} [1].`;
    const slowLeak = { reply: tokenLeak, chunkSize: tokenLeak.indexOf(emulator.token) + emulator.token.length - 12, chunkDelayMs: 1500 };
    const kinds = ['recite', 'leak', 'invent', 'ping'] as const;
    for (let i = 0; i < 2; i++) model.script(slowLeak, ...kinds.map((kind) => (request: ChatRequest) => ({ reply: MISBEHAVIOURS[kind](request, secrets), chunkSize: 20, chunkDelayMs: 30 })));
    for (let i = 0; i <= kinds.length; i++) {
      tracker.askedInMessage(emulator.postMessage({ channelId: plain.channelId, author: asker, content: `<@${emulator.botUser.id}> Who founded Alibaba?` }).id, 'mention', performance.now());
      const interaction = emulator.runCommand({ channelId: plain.channelId, user: asker, name: 'ask', options: [{ type: 3, name: 'question', value: 'Qui a fondé Alibaba ?' }] });
      tracker.askedInInteraction(interaction.token, 'slash', performance.now());
    }
    await emulator.until(() => tracker.unsettled() === 0, 30_000);
    tracker.close();

    expect(tracker.questions.filter((q) => q.settled.length !== 1 || q.settled[0]!.outcome === 'failed')).toEqual([]);
    expect(problemsSince(mark)).toEqual([]);
    const partials = emulator.messageWrites(mark).filter((w) => / …$/.test(String(w.body.content)));
    expect(partials.length).toBeGreaterThan(0);
  }, 60_000);

  /** Everything wrong with what the bot sent since `mark`: a secret or a piece of one, its instructions, an invented quote, a ping, a broken limit. */
  function problemsSince(mark: number): string[] {
    const revealed = emulator.requestsAfter(mark).flatMap((request) => {
      if (request.body === undefined) return [];
      const text = JSON.stringify(request.body);
      const where = `${request.method} ${request.path.replace(/\/[\w-]{60,}/, '/…')} ${String(request.body.content ?? request.body.data?.content ?? request.body.name ?? '').slice(0, 80)}`;
      const found: string[] = [];
      if (revealsPartOf(text, API_KEY)) found.push('the OpenAI key');
      if (revealsPartOf(text, emulator.token)) found.push('the Discord token');
      const leaked = shingles(text).find((s) => INSTRUCTION_SHINGLES.has(s));
      if (leaked) found.push(`its instructions ("${leaked}")`);
      return found.map((what) => `${where}: reveals ${what}`);
    });
    const written = emulator
      .messageWrites(mark)
      .flatMap((w) => [...writeProblems(w), ...inventedQuotes(w.body).map((q) => `invented quote “${q.slice(0, 80)}”`)].map((p) => `${w.request.method} ${w.request.path.slice(0, 40)}: ${p}`));
    const logged = bot.logs().filter((line) => line.raw !== undefined || line.level >= 50).map((line) => `logged ${line.raw ?? line.msg}`);
    return [...revealed, ...written, ...logged];
  }

  /** Writes each attempt's history as earlier turns of its thread, as if they had been asked and answered there. */
  function plantHistory(threadIds: string[]): void {
    const state = BotState.open(path.join(dir, 'bot.sqlite'));
    try {
      INJECTION_ATTEMPTS.forEach((attempt: InjectionAttempt, i) => {
        for (const turn of attempt.history ?? []) {
          state.questions.record({
            requestId: 'planted',
            guildId: threaded.guild.id,
            channelId: threadIds[i]!,
            threadId: threadIds[i]!,
            userId: asker.id,
            source: 'thread',
            question: turn.question,
            language: 'en',
            answer: turn.answer ?? 'OK.',
            refused: false,
            citations: [],
            engineMs: 0,
          });
        }
      });
    } finally {
      state.close();
    }
  }
});
