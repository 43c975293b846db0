import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../corpus/article.js';
import { LexicalEmbeddings } from '../embeddings/lexical.js';
import { KNOWLEDGE, LANGUAGES, LANGUAGE_DIR, type Language } from '../text/language-data.js';
import { indexTexts } from './index-store.js';

/**
 * The lexical embedder's rarity weights, and the Snowball stems of the article's words, kept beside the saved
 * index: fitting the weights and knowing the article's words stem every word of every indexed text (about 400 ms
 * of each start with the article's anticipated questions); reading them back takes a few.
 * The file is valid for one key, made of everything the weights are derived from: the article (its hash covers
 * its texts and questions), the language lists, the language packages as installed, and the code that turns a
 * text into features (src/text and the lexical embedder, as they run: dist/ or src/). Change any of them and the
 * next start fits the weights again and saves them.
 */
const FORMAT = 2;
const PACKAGES = ['snowball-stemmers', 'stopword', 'stopwords-iso'];
const HERE = path.dirname(fileURLToPath(import.meta.url));
/** `.js` when running the build, `.ts` when running the sources: each keeps its own file, as their keys differ. */
const CODE_EXTENSION = path.extname(fileURLToPath(import.meta.url));
export const RARITY_FILE = `rarity-${CODE_EXTENSION.slice(1)}.json`;

interface RarityFile {
  format: number;
  key: string;
  documentCount: number;
  documentFrequencies: Record<string, number>;
  stems: Record<Language, Record<string, string>>;
}

function filesIn(dir: string, extension: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(extension))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The key of the weights for this article with this code, these language lists and these packages. */
export function rarityKey(article: Article): string {
  const hash = createHash('sha256').update(`${FORMAT}\n${article.hash}\n`);
  const require = createRequire(import.meta.url);
  const files = [
    ...filesIn(LANGUAGE_DIR, '.json'),
    ...PACKAGES.map((name) => require.resolve(name)),
    ...filesIn(path.join(HERE, '../text'), CODE_EXTENSION),
    path.join(HERE, `../embeddings/lexical${CODE_EXTENSION}`),
  ];
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex');
}

/** The weights saved for this key (the stems saved with them taken back), or a fit when there are none (missing, stale or unreadable). */
export async function rarityWeights(article: Article, indexDir: string, key: string): Promise<{ lexical: LexicalEmbeddings; cached: boolean }> {
  try {
    const saved = JSON.parse(await readFile(path.join(indexDir, RARITY_FILE), 'utf8')) as Partial<RarityFile>;
    if (saved.format === FORMAT && saved.key === key && typeof saved.documentCount === 'number' && saved.documentFrequencies && typeof saved.documentFrequencies === 'object') {
      for (const lang of LANGUAGES) if (saved.stems?.[lang] && typeof saved.stems[lang] === 'object') KNOWLEDGE[lang].rememberStems(saved.stems[lang]);
      return { lexical: new LexicalEmbeddings({ documentCount: saved.documentCount, documentFrequencies: saved.documentFrequencies }), cached: true };
    }
  } catch {
    // No file, or not one of ours: fitted below.
  }
  return { lexical: LexicalEmbeddings.fit(indexTexts(article)), cached: false };
}

/** Saves the weights and the stems met so far into the index folder (after the index: saving it replaces the folder). */
export async function saveRarityWeights(indexDir: string, key: string, lexical: LexicalEmbeddings): Promise<void> {
  const stems = Object.fromEntries(LANGUAGES.map((lang) => [lang, KNOWLEDGE[lang].stemsKnown()])) as RarityFile['stems'];
  const file: RarityFile = { format: FORMAT, key, ...lexical.rarityStatistics(), stems };
  await writeFile(path.join(indexDir, RARITY_FILE), JSON.stringify(file));
}
