import { mulberry32 } from '../support/fuzz.js';

export type QuestionKind = 'mention' | 'slash' | 'followup';

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
  /** The bot's per-member cooldown: a member waits at least this long (plus a margin) before asking again, when anyone else can ask instead. */
  cooldownSeconds: number;
  /** Questions asked with a mention or /ask. */
  pool: readonly string[];
  /** Short follow-ups asked inside a thread the bot opened. */
  followUps: readonly string[];
}

/** Shares of the kinds of question: a mention, /ask, a follow-up in one of the bot's threads. */
const MIX: readonly [QuestionKind, number][] = [
  ['mention', 0.4],
  ['slash', 0.35],
  ['followup', 0.25],
];
/** Time a reply may take before the member's cooldown starts counting at the bot. */
const COOLDOWN_MARGIN_MS = 1500;

/**
 * Arrivals of a Poisson process with the rate `questions / seconds`, seeded so a run can be replayed. Each
 * question goes to the member who has waited longest, if that wait covers the cooldown; when nobody has waited
 * that long (more questions than members can ask), the member still asks and gets the cooldown note.
 */
export function planQuestions(options: PlanOptions): PlannedQuestion[] {
  const rand = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const meanGapMs = (options.seconds * 1000) / options.questions;
  const lastAsked = new Array<number>(options.members).fill(Number.NEGATIVE_INFINITY);
  const cooldownMs = options.cooldownSeconds * 1000 + COOLDOWN_MARGIN_MS;
  const plan: PlannedQuestion[] = [];
  let at = 0;
  for (let i = 0; i < options.questions; i++) {
    at += -Math.log(1 - rand()) * meanGapMs;
    const rested = lastAsked.map((last, member) => ({ member, last })).filter(({ last }) => at - last >= cooldownMs);
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
