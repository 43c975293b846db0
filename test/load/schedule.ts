import { mulberry32 } from '../support/fuzz.js';

/**
 * The ways a question reaches the bot: a mention, /ask, a follow-up in one of its threads, a direct message, a new
 * post of the guild's forum, the "Ask the article" message menu, and /ask of a user-installed app outside servers.
 */
export type QuestionKind = 'mention' | 'slash' | 'followup' | 'dm' | 'forum' | 'menu' | 'user_install';

export interface PlannedQuestion {
  /** Milliseconds after the start of the run. */
  at: number;
  member: number;
  kind: QuestionKind;
  text: string;
}

export interface PlanOptions {
  members: number;
  questions: number;
  seconds: number;
  seed: number;
  /** Questions asked every way but a thread follow-up. */
  pool: readonly string[];
  /** Short follow-ups asked inside a thread the bot opened. */
  followUps: readonly string[];
}

/**
 * Shares of the kinds of question: mentions, /ask and thread follow-ups as before, and a share for each of the
 * other ways in (a DM, a forum post, the message menu, a user-installed /ask).
 */
export const MIX: readonly [QuestionKind, number][] = [
  ['mention', 0.25],
  ['slash', 0.2],
  ['followup', 0.15],
  ['dm', 0.12],
  ['forum', 0.1],
  ['menu', 0.1],
  ['user_install', 0.08],
];
/**
 * How long a member reads before asking again, when anyone else can ask instead: 11.5 s, the old 10-second
 * cooldown plus a margin, kept so that runs before and after the token bucket ask the same questions at the
 * same times.
 */
const MEMBER_PAUSE_MS = 11_500;

/**
 * Arrivals of a Poisson process with the rate `questions / seconds`, seeded so a run can be replayed. Each
 * question goes to a member who has paused long enough; when nobody has (more questions than members would ask),
 * the one who has waited longest asks, and may run out of their burst.
 */
export function planQuestions(options: PlanOptions): PlannedQuestion[] {
  const rand = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const meanGapMs = (options.seconds * 1000) / options.questions;
  const lastAsked = new Array<number>(options.members).fill(Number.NEGATIVE_INFINITY);
  const plan: PlannedQuestion[] = [];
  let at = 0;
  for (let i = 0; i < options.questions; i++) {
    at += -Math.log(1 - rand()) * meanGapMs;
    const rested = lastAsked.map((last, member) => ({ member, last })).filter(({ last }) => at - last >= MEMBER_PAUSE_MS);
    const member = rested.length > 0 ? pick(rested).member : lastAsked.indexOf(Math.min(...lastAsked));
    lastAsked[member] = at;
    const kind = kindAt(rand());
    plan.push({ at: Math.round(at), member, kind, text: kind === 'followup' ? pick(options.followUps) : pick(options.pool) });
  }
  return plan;
}

function kindAt(roll: number): QuestionKind {
  let total = 0;
  for (const [kind, share] of MIX) {
    total += share;
    if (roll < total) return kind;
  }
  return MIX[0]![0];
}
