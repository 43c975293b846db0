import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { PROJECT_ROOT } from '../paths.js';

export const PROMPTS_DIR = path.join(PROJECT_ROOT, 'prompts');

export function readPrompt(name: string): string {
  const file = path.join(PROMPTS_DIR, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`cannot read the prompt ${file}: ${(error as Error).message}`);
  }
}

/** The prompts the language model sees, loaded from prompts/ so they can be read and edited as text. */
export function loadPrompts() {
  const system = readPrompt('system.md');
  return {
    /** Kept to recognise the instructions if a model is talked into repeating them. */
    systemText: system,
    answer: ChatPromptTemplate.fromMessages([
      ['system', system],
      ['human', readPrompt('answer.md')],
    ]),
    condense: ChatPromptTemplate.fromMessages([['human', readPrompt('condense.md')]]),
  };
}
