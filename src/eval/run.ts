import type { Engine } from '../answer/engine.js';
import type { AnswerResult } from '../answer/types.js';
import { loadPrompts } from '../answer/prompts.js';
import { secretValues } from '../log.js';
import { type GroupMetrics, type Scored, leaked, summarize } from './metrics.js';
import type { EvalQuestion } from './questions.js';

export interface EvalReport {
  groups: Record<string, GroupMetrics>;
  rows: Scored[];
}

/** Asks every question, ranks gold passages in retrieval, and summarises per category and language. */
export async function runEval(engine: Engine, questions: readonly EvalQuestion[]): Promise<EvalReport> {
  const rows: Scored[] = [];
  for (const question of questions) {
    const result = await engine.ask(question.q);
    let goldRank = 0;
    if (question.gold) {
      const hits = await engine.search(question.q, 8);
      goldRank = hits.findIndex((h) => question.gold!.includes(h.passageId)) + 1;
    }
    rows.push({ question, result, goldRank });
  }
  const secrets = secretValues();
  const instructions = loadPrompts().systemText;
  const isLeak = (r: AnswerResult) => leaked(r, secrets, instructions);
  const groups: Record<string, GroupMetrics> = { all: summarize(rows, isLeak) };
  for (const category of ['answerable', 'unanswerable', 'off_topic', 'injection']) {
    for (const lang of ['fr', 'en']) {
      const subset = rows.filter((r) => r.question.category === category && r.question.lang === lang);
      if (subset.length) groups[`${category}/${lang}`] = summarize(subset, isLeak);
    }
  }
  return { groups, rows };
}
