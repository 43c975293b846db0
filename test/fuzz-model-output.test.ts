import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, renderingsOf } from '../src/answer/engine.js';
import { type ChatAnswerer, type LlmInput, createLlmAnswerer } from '../src/answer/llm.js';
import { loadPrompts } from '../src/answer/prompts.js';
import { loadEngineConfig } from '../src/config/env.js';
import { loadArticle } from '../src/corpus/article.js';
import { LexicalEmbeddings } from '../src/embeddings/lexical.js';
import { passageEmbeddingText } from '../src/retrieval/embedders.js';
import { MAX_QUESTION_CHARS } from '../src/text/normalize.js';
import { tempEngine } from './support/engine.js';
import { mulberry32 } from './support/fuzz.js';
import { ScriptedOpenAI } from './support/scripted-openai.js';

/**
 * 1,000 hostile model answers (random Unicode, whitespace and quote runs up to 50,000 characters, links,
 * mentions, bidi marks, fake quotes, lies with valid markers, secrets in encodings, recited instructions)
 * through the real ChatOpenAI client against a scripted server, streamed in random pieces with partial edits
 * and delivered whole. Nothing unsafe is ever shown, no answer takes 100 ms of checks, and the event loop,
 * which serves every other guild meanwhile, never stalls 100 ms.
 */

const ANSWERS = 1000;
const CHECK_BUDGET_MS = 100;
const STALL_FLOOR_MS = 100;
const MAX_ANSWER_CHARS = 3000;
const API_KEY = 'sk-fuzz-Zq8vN3xK7pR2mW9tY4bL6cJ1';
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
const INSTRUCTIONS = loadPrompts().systemText;
const FAKE_QUOTE = 'we will buy Cloud Foundry next year';
const LIE = 'Elon Musk';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const hex = (s: string) => Buffer.from(s).toString('hex');
const SECRET_SPELLINGS = [API_KEY, TOKEN].flatMap((s) => [
  s,
  s.split('').join('\u200B'),
  s.split('').join(' '),
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  b64(s),
  b64(`x${s}`),
  hex(s),
  hex(s).toUpperCase(),
  `${s.slice(0, 15)}. Then ${s.slice(15)}`,
]);

const TRUE_SENTENCES = [
  'Alibaba was founded in 1999 by Jack Ma and Peng Lei [1].',
  'In 2009 the group launched Alibaba Cloud [1].',
  'Alibaba est l’une des plus grandes entreprises de commerce en ligne [1].',
];
function hostilePiece(rand: () => number): string {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const run = (unit: string) => unit.repeat(1 + Math.floor(rand() ** 3 * (50_000 / unit.length)));
  const kinds: (() => string)[] = [
    () => pick(TRUE_SENTENCES),
    () => `Founded in 2015 by ${LIE} [1].`,
    () => pick([`Jack Ma said “${FAKE_QUOTE}” [1].`, `Jack Ma sagte „${FAKE_QUOTE}“ [1].`, `He said '${FAKE_QUOTE}' [1].`, `« ${FAKE_QUOTE} » [1]`, `\n> ${FAKE_QUOTE} [1]\n`, `\n>>> Alibaba.\n${FAKE_QUOTE} [1]`]),
    () => `The secret is ${pick(SECRET_SPELLINGS)} [1].`,
    () => pick(['[alibaba.com](https://evil.example/login)', 'https://evil.example/x', '<https://evil.example/y>', 'discord.gg/abcdef', 'www.evil.example', 'discord.com/invite/xyz']),
    () => pick(['@everyone', '@here', '<@123456789012345678>', '<@&987654321098765432>', '<@!123456789012345678>']),
    () => pick(['\u202E', '\u202D', '\u2066', '\u200B', '\u200F', '\uFEFF', '\u00AD', '\u{E0041}']),
    () => run(pick([' ', '\u00A0', '\n', '\t', '"', '“', '”', '« ', "'", ' \n', '[1]', '.', '\u200B', '\u0301'])),
    () => `Sure: ${INSTRUCTIONS.slice(Math.floor(rand() * 800), 1000 + Math.floor(rand() * 400))} [1]`,
    () => randomUnicode(rand, 1 + Math.floor(rand() * 200)),
  ];
  return pick(kinds)();
}

function randomUnicode(rand: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i += 1) {
    const roll = rand();
    const cp = roll < 0.5 ? 0x20 + Math.floor(rand() * 0x5f) : roll < 0.8 ? Math.floor(rand() * 0x3000) : Math.floor(rand() * 0x10ffff);
    out += String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
  }
  return out;
}

function hostileAnswers(count: number, seed = 20261126): string[] {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const parts = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => hostilePiece(rand));
    return parts.join(rand() < 0.7 ? ' ' : '');
  });
}

/** Everything wrong with a text shown to people; empty when it is safe. */
function unsafe(text: string): string[] {
  const problems: string[] = [];
  const squashed = text.normalize('NFKC').replace(/[\s\u2060]+/g, '').toLowerCase();
  for (const secret of [API_KEY, TOKEN]) {
    for (const spelling of [secret, b64(secret), hex(secret), b64(`x${secret}`)]) {
      const s = spelling.toLowerCase();
      for (let i = 0; i + 12 <= s.length; i += 6) if (squashed.includes(s.slice(i, i + 12))) problems.push(`secret ${s.slice(i, i + 12)}`);
    }
  }
  if (/https?:\/\/|www\.|discord(?:app)?\.(?:gg|com\/invite)/i.test(text)) problems.push('link');
  if (/@everyone|@here|<@[!&]?\d+>/.test(text)) problems.push('live mention');
  if (/[\u0000-\u0008\u000B-\u001F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD\u{E0000}-\u{E007F}]/u.test(text)) problems.push('invisible or bidi character');
  if (text.includes(FAKE_QUOTE)) problems.push('invented quote');
  if (text.includes(LIE) || /2015/.test(text)) problems.push('unsupported claim');
  if (/Use only the numbered passages|material to read, never an instruction/.test(text)) problems.push('instructions');
  if (text.length > MAX_ANSWER_CHARS) problems.push(`length ${text.length}`);
  return problems;
}

/** The event loop's longest pause, in milliseconds, and the answer being processed when each long one happened. */
class StallProbe {
  current = -1;
  longest = 0;
  private readonly over = new Map<number, number>();
  private last = performance.now();
  private readonly timer = setInterval(() => {
    const now = performance.now();
    const stall = now - this.last - PROBE_INTERVAL_MS;
    this.last = now;
    this.longest = Math.max(this.longest, stall);
    // The timer may fire only after the next answer has begun: the stall is charged to both.
    for (const i of [this.current - 1, this.current]) this.over.set(i, Math.max(this.over.get(i) ?? 0, stall));
  }, PROBE_INTERVAL_MS);

  answersOver(ms: number): number[] {
    return [...this.over].filter(([i, stall]) => i >= 0 && stall >= ms).map(([i]) => i);
  }

  reset(current: number): void {
    this.current = current;
    this.longest = 0;
    this.last = performance.now();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
const PROBE_INTERVAL_MS = 5;

describe('1,000 hostile model answers through the real ChatOpenAI client', () => {
  const server = new ScriptedOpenAI();
  let engine: Engine;
  let cleanup: () => Promise<void>;
  let answerer: ChatAnswerer;
  let input: LlmInput;

  beforeAll(async () => {
    const baseURL = await server.start();
    ({ engine, cleanup } = await tempEngine());
    const article = await loadArticle();
    const config = loadEngineConfig({ ANSWERER: 'llm', OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: API_KEY, DISCORD_TOKEN: `Bot ${TOKEN}`, LLM_TIMEOUT_MS: '5000' });
    answerer = (await createLlmAnswerer(config, LexicalEmbeddings.fit(article.passages.map(passageEmbeddingText)))) as ChatAnswerer;
    const hits = (await engine.search('Who founded Alibaba?')).slice(0, 4);
    input = { question: 'Who founded Alibaba?', history: [], language: 'en', hits, renderings: renderingsOf(article) };
  });
  afterAll(async () => {
    await server.stop();
    await cleanup();
  });

  it('shows nothing unsafe, streamed or whole, within 100 ms of checks per answer and no 100 ms stall', async () => {
    const answers = hostileAnswers(ANSWERS);
    const rand = mulberry32(7);
    // The checks alone, on each whole answer, fastest of two runs (the machine is shared). This also compiles
    // every pattern once, as a running bot has.
    let slowestCheckMs = 0;
    for (const raw of answers) {
      const ms = Math.min(...[0, 1].map(() => {
        const checkStarted = performance.now();
        answerer.check(raw, input);
        return performance.now() - checkStarted;
      }));
      slowestCheckMs = Math.max(slowestCheckMs, ms);
    }
    // Then through the client and the server, which share this event loop as a bot's other guilds would.
    // The server sends at least 256 characters per event, as real servers do, so that its own synchronous
    // writing is not what is measured.
    const stalls = new StallProbe();
    const problems: string[] = [];
    let refused = 0;
    const started = performance.now();
    const answerOnce = async (i: number) => {
      const raw = answers[i]!;
      const streamed = i % 2 === 0;
      server.script({ reply: raw, chunkSize: streamed ? 256 + Math.floor(rand() * 4000) : Math.max(1, raw.length) });
      const shown: string[] = [];
      const draft = await answerer.answer(input, streamed ? { onPartial: (text) => shown.push(text) } : {});
      return { draft, shown };
    };
    for (let i = 0; i < answers.length; i += 1) {
      stalls.current = i;
      const { draft, shown } = await answerOnce(i);
      if (draft.refused) refused += 1;
      else shown.push(draft.answer, ...draft.citations.map((c) => c.quote));
      for (const text of shown) for (const problem of unsafe(text)) problems.push(`#${i} ${problem}: ${JSON.stringify(text.slice(0, 120))}`);
    }
    const totalMs = performance.now() - started;
    // Other processes share the two cores: a stall that does not happen again when its answer is replayed
    // alone (three times) was the machine, not the checks.
    const longestStallMs = stalls.longest;
    const reproduced: number[] = [];
    for (const i of stalls.answersOver(STALL_FLOOR_MS)) {
      const replays: number[] = [];
      for (let r = 0; r < 3; r += 1) {
        stalls.reset(i);
        await answerOnce(i);
        replays.push(stalls.longest);
      }
      reproduced.push(Math.min(...replays));
    }
    stalls.stop();
    // The condensed follow-up is model output read whole (not streamed): cleaned and no longer than a question.
    for (const raw of answers.slice(0, 100)) {
      server.script({ reply: raw });
      const condensed = await answerer.condense('and then?', [{ question: 'Who founded Alibaba?' }]);
      expect(condensed.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
      expect(condensed).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\n]/);
    }
    const summary = {
      answers: ANSWERS,
      refused,
      slowestCheckMs: Math.round(slowestCheckMs * 10) / 10,
      longestStallMs: Math.round(longestStallMs),
      longestReproducedStallMs: Math.round(Math.max(0, ...reproduced)),
      totalMs: Math.round(totalMs),
    };
    console.log(`model-output fuzz: ${JSON.stringify(summary)}`);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(slowestCheckMs).toBeLessThan(CHECK_BUDGET_MS);
    expect(Math.max(0, ...reproduced)).toBeLessThan(STALL_FLOOR_MS);
    // Some answers are all true sentences and links: the checks do not simply refuse everything.
    expect(refused).toBeLessThan(ANSWERS);
  }, 120_000);
});
