import path from 'node:path';
import { DEFAULT_ARTICLE_DIR } from '../../src/corpus/article.js';
import { loadQuestions } from '../../src/eval/questions.js';
import { type ProcessWorld, openProcessWorld, settledCount } from '../discord-emulator/bot-process.js';
import type { DiscordEmulator, Guild, User } from '../discord-emulator/index.js';
import { MIX, type PlannedQuestion, type QuestionKind, planQuestions } from './schedule.js';
import { ReplyTracker } from './tracker.js';

export interface LoadOptions {
  members: number;
  questions: number;
  seconds: number;
  seed: number;
  /** Milliseconds the emulator waits before answering each REST request, standing in for Discord's own latency. */
  latencyMs?: number;
  /** Progress lines while the run goes on. */
  progress?: (line: string) => void;
}

/** The numbers the issue asks for, as `npm run loadtest -- --json` prints them. */
export interface LoadSummary {
  questions: number;
  answered: number;
  refused: number;
  lost: number;
  duplicates: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxRssMb: number;
  /** Every REST request the bot made during the run (notes included), per question it answered or refused. */
  requestsPerAnswer: number;
  /** The same counts per way of asking, as asked (a follow-up with no thread yet in its guild is a mention). */
  byPath: Record<QuestionKind, PathCounts>;
}

export interface PathCounts {
  asked: number;
  answered: number;
  refused: number;
  notes: number;
  p50Ms: number;
  p95Ms: number;
}

export interface LoadReport extends LoadSummary {
  /** Questions that got a rate-limit or busy note (a reply, not an answer). */
  notes: number;
  /** Questions whose note was not written, as one was already written to the member (or the guild) in the window. */
  silentNotes: number;
  /** Questions asked per kind, as sent (a follow-up with no thread yet in its guild becomes a mention). */
  asked: Record<QuestionKind, number>;
  guilds: number;
  threadGuilds: number;
  requests: number;
  wallSeconds: number;
  /** What the errors were: rejected requests, error log lines, a bad exit. */
  errorDetails: string[];
}

const MEMBERS_PER_GUILD = 10;
/** The tag the bot adds to a forum post it answered: every guild's forum has it, so each answer tags its post. */
const ANSWERED_TAG = 'answered';
/** A forum post's title is at most this long; a longer question is cut there and asked whole in the post. */
const POST_TITLE_MAX = 100;
/** How long the bot gets, after the last question, to settle every question before the rest count as lost. */
const SETTLE_TIMEOUT_MS = 30_000;

const FOLLOW_UPS = [
  'When was it created?',
  'And who founded it?',
  'Where are the new datacenters?',
  'What does Chip Childers say about it?',
  'Quand a-t-il été lancé ?',
  'Et qui l’a fondé ?',
  'Où sont les centres de données ?',
  'Pourquoi Alibaba a rejoint la fondation ?',
];

/**
 * Drives the real bot, in its own process with the community's default settings (a burst of 5 questions per
 * member refilled over a minute, 4 answers in flight per guild and 8 waiting), through the emulator: members of
 * several guilds ask by mention, by /ask, in the bot's threads, in DMs, as posts of their guild's forum, with the
 * message menu and with a user-installed /ask, at Poisson arrival times. Every write the bot makes is tied to the
 * question it settles.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const progress = options.progress ?? (() => undefined);
  const guildCount = Math.max(1, Math.ceil(options.members / MEMBERS_PER_GUILD));
  const processWorld = await openProcessWorld({ name: 'article-bot-load', guilds: Array.from({ length: guildCount }, (_, i) => ({ name: `Community ${i + 1}`, channels: ['general', 'questions'] })) });
  const { emulator } = processWorld;
  try {
    const world = createWorld(emulator, processWorld.guilds, options.members);
    const latencyMs = options.latencyMs ?? 0;
    if (latencyMs > 0) emulator.rest.beforeReply = () => new Promise((resolve) => setTimeout(resolve, latencyMs));
    const bot = await processWorld.start({ LOG_LEVEL: 'info' });
    for (const guild of world.threadGuilds) await processWorld.answerInThreads(guild);
    for (const { guild, forum } of world.guilds) await processWorld.configure(guild, [{ type: 7, name: 'forum_channel', value: forum }]);
    const pool = (await Promise.all(['tuning.jsonl', 'regression-original.jsonl'].map((file) => loadQuestions(path.join(DEFAULT_ARTICLE_DIR, 'eval', file))))).flat().map((q) => q.q);
    const plan = planQuestions({ ...options, pool, followUps: FOLLOW_UPS });

    const tracker = new ReplyTracker(emulator);
    const requestsBefore = emulator.mark();
    const asked = Object.fromEntries(MIX.map(([kind]) => [kind, 0])) as Record<QuestionKind, number>;
    const started = performance.now();
    const ticker = setInterval(() => progress(`${Math.round((performance.now() - started) / 1000)} s: ${tracker.questions.length} asked, ${tracker.questions.length - tracker.unsettled()} settled`), 10_000);
    await Promise.all(
      plan.map(
        (planned) =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              asked[ask(emulator, tracker, world, planned)]++;
              resolve();
            }, planned.at),
          ),
      ),
    );
    // A note past the first of its window is not written (no flood of notes): the bot logs it with shown: false.
    const silentNotes = () => bot.logs().filter((line) => line.msg === 'question noted' && line.shown === false).length;
    await emulator.until(() => tracker.unsettled() <= silentNotes(), SETTLE_TIMEOUT_MS).catch(() => undefined);
    // The bot logs each question once its last message is on Discord: once all are logged, no second reply can still come.
    await emulator.until(() => settledCount(bot.logs()) >= tracker.questions.length, SETTLE_TIMEOUT_MS).catch(() => undefined);
    clearInterval(ticker);
    const wallSeconds = (performance.now() - started) / 1000;
    tracker.close();

    const maxRssMb = bot.peakRssMb() ?? Number.NaN;
    const exitCode = await bot.stop();
    const errorDetails = [
      ...tracker.rejected.map((r) => `${r.method} ${r.path.replace(/\/[A-Za-z0-9_-]{60,}/, '/…')} → ${r.status}`),
      ...bot.logs().filter((line) => line.raw !== undefined || line.level >= 50).map((line) => String(line.raw ?? line.msg)),
      ...(exitCode === 0 ? [] : [`the bot exited with ${exitCode}`]),
    ];
    const latenciesOf = (questions: typeof tracker.questions) =>
      questions
        .filter((q) => q.settled[0] && q.settled[0].outcome !== 'note')
        .map((q) => q.settled[0]!.at - q.sentAt)
        .sort((a, b) => a - b);
    const latencies = latenciesOf(tracker.questions);
    const outcomes = (outcome: string, questions = tracker.questions) => questions.filter((q) => q.settled[0]?.outcome === outcome).length;
    const byPath = Object.fromEntries(
      MIX.map(([kind]) => {
        const questions = tracker.questions.filter((q) => q.kind === kind);
        const sorted = latenciesOf(questions);
        return [kind, { asked: questions.length, answered: outcomes('answered', questions), refused: outcomes('refused', questions), notes: outcomes('note', questions), p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95) }];
      }),
    ) as Record<QuestionKind, PathCounts>;
    const requests = emulator.mark() - requestsBefore;
    return {
      questions: tracker.questions.length,
      answered: outcomes('answered'),
      refused: outcomes('refused'),
      notes: outcomes('note'),
      silentNotes: silentNotes(),
      lost: tracker.unsettled() - silentNotes(),
      duplicates: tracker.questions.filter((q) => q.settled.length > 1).length,
      errors: errorDetails.length,
      p50Ms: percentile(latencies, 0.5),
      p95Ms: percentile(latencies, 0.95),
      p99Ms: percentile(latencies, 0.99),
      maxRssMb,
      asked,
      byPath,
      guilds: world.guilds.length,
      threadGuilds: world.threadGuilds.length,
      requests,
      requestsPerAnswer: Math.round((requests / Math.max(1, outcomes('answered') + outcomes('refused'))) * 100) / 100,
      wallSeconds: Math.round(wallSeconds * 10) / 10,
      errorDetails,
    };
  } finally {
    await processWorld.stop();
  }
}

interface World {
  /** Each guild with its two channels and the forum it designated for the bot. */
  guilds: { guild: Guild; channels: string[]; forum: string }[];
  /** Guilds whose moderators asked for answers in threads; follow-ups happen there. */
  threadGuilds: Guild[];
  members: { user: User; guild: Guild; channels: string[]; forum: string }[];
}

/** Guilds of about ten members, with two channels and a forum (tagged "answered" when the bot answers) each; every other guild answers in threads. */
function createWorld(emulator: DiscordEmulator, processGuilds: ProcessWorld['guilds'], members: number): World {
  const guilds = processGuilds.map(({ guild, channelIds }) => ({ guild, channels: channelIds, forum: emulator.createForum(guild.id, { name: 'help', tags: ['bug', ANSWERED_TAG] }).id }));
  const people = Array.from({ length: members }, (_, i) => {
    const home = guilds[i % guilds.length]!;
    const user = emulator.createUser(`member-${i + 1}`);
    emulator.addMember(home.guild.id, user);
    return { user, guild: home.guild, channels: home.channels, forum: home.forum };
  });
  return { guilds, threadGuilds: guilds.filter((_, i) => i % 2 === 0).map((g) => g.guild), members: people };
}

/** One member asks one question; returns how it was asked. */
function ask(emulator: DiscordEmulator, tracker: ReplyTracker, world: World, planned: PlannedQuestion): QuestionKind {
  const { user, guild, channels, forum } = world.members[planned.member]!;
  // Spread over the guild's channels; the arrival time is as good a dice as any, and replays with the seed.
  const channelId = channels[planned.at % channels.length]!;
  const sentAt = performance.now();
  const threads = tracker.threads.get(guild.id) ?? [];
  if (planned.kind === 'followup' && threads.length > 0) {
    const message = emulator.postMessage({ channelId: threads[planned.at % threads.length]!, author: user, content: planned.text });
    tracker.askedInMessage(message.id, 'followup', sentAt);
    return 'followup';
  }
  const question = [{ type: 3, name: 'question', value: planned.text }];
  switch (planned.kind) {
    case 'slash':
      tracker.askedInInteraction(emulator.runCommand({ channelId, user, name: 'ask', options: question }).token, 'slash', sentAt);
      return 'slash';
    case 'user_install':
      // Outside servers, in the member's DM with the bot or a DM with someone else, alternately.
      tracker.askedInInteraction(emulator.runUserCommand({ user, name: 'ask', options: question, context: planned.at % 2 === 0 ? 1 : 2 }).token, 'user_install', sentAt);
      return 'user_install';
    case 'dm':
      tracker.askedInMessage(emulator.postMessage({ channelId: emulator.dmChannel(user).id, author: user, content: planned.text }).id, 'dm', sentAt);
      return 'dm';
    case 'forum': {
      // The answer goes in the post, which has its first message's id.
      const { starter } = emulator.createForumPost({ forumId: forum, author: user, title: planned.text.slice(0, POST_TITLE_MAX), content: planned.text });
      tracker.askedInMessage(starter.id, 'forum', sentAt);
      return 'forum';
    }
    case 'menu': {
      // A member's message the bot does not answer by itself (no mention), asked about with the Apps menu.
      const message = emulator.postMessage({ channelId, author: user, content: planned.text });
      tracker.askedInInteraction(emulator.runMessageCommand({ messageId: message.id, user, name: 'Ask the article' }).token, 'menu', sentAt);
      return 'menu';
    }
  }
  // A mention, or a follow-up in a guild where the bot has opened no thread yet.
  const message = emulator.postMessage({ channelId, author: user, content: `<@${emulator.botUser.id}> ${planned.text}` });
  tracker.askedInMessage(message.id, 'mention', sentAt);
  return 'mention';
}

/** Nearest-rank percentile of sorted values, rounded to the millisecond. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!);
}
