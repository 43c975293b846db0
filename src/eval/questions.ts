import { readFile } from 'node:fs/promises';

export type Category = 'answerable' | 'unanswerable' | 'off_topic' | 'injection';
export const CATEGORIES: Category[] = ['answerable', 'unanswerable', 'off_topic', 'injection'];

export interface EvalQuestion {
  id: string;
  category: Category;
  lang: 'fr' | 'en';
  q: string;
  /** Passage ids that hold the answer (answerable questions). */
  gold?: string[];
  /** Facts the answer must contain; each fact lists its accepted spellings. */
  facts?: string[][];
}

export async function loadQuestions(file: string): Promise<EvalQuestion[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const questions: EvalQuestion[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let row: EvalQuestion;
    try {
      row = JSON.parse(line) as EvalQuestion;
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    if (!row.id || !row.q || !CATEGORIES.includes(row.category)) throw new Error(`${file}:${i + 1}: needs id, q and a known category`);
    if (row.category === 'answerable' && !(row.gold?.length && row.facts?.length)) throw new Error(`${file}:${i + 1}: an answerable question needs gold and facts`);
    questions.push(row);
  });
  return questions;
}
