import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../corpus/article.js';
import { LexicalEmbeddings } from '../embeddings/lexical.js';
import { PROJECT_ROOT } from '../paths.js';
import { indexTexts } from '../retrieval/index-store.js';
import { type AnswerType, KNOWLEDGE, LANGUAGES, LANGUAGE_DIR, LANGUAGE_PACKAGE_FILES, type Language } from '../text/language-data.js';
import type { QuestionIntent } from './extractive.js';
import { ArticleLexicon, type LexiconSnapshot } from './question.js';

/**
 * What a start derives from the article before it can answer, kept beside the saved index: the lexical
 * embedder's rarity weights, the Snowball stems of the article's words, the analyser's lexicon (its words,
 * names, acronyms) and what each anticipated or unanswered question asks for. Working them out takes about
 * 250 ms of every start; reading them back takes a few.
 * The file is valid for one key, made of everything they are derived from: the article (its hash covers its
 * texts and questions), the language lists, the language packages as installed, and the code that derives them
 * (src/text, the lexical embedder and src/answer, as they run: dist/ or src/). Change any of them and the next
 * start works them out again and saves them.
 */
const FORMAT = 5;
const PACKAGES = ['snowball-stemmers', 'stopword'];
/** `.js` when running the build, `.ts` when running the sources: each keeps its own file, as their keys differ. */
const CODE_EXTENSION = path.extname(fileURLToPath(import.meta.url));
const CODE_DIR = path.join(PROJECT_ROOT, CODE_EXTENSION === '.ts' ? 'src' : 'dist');
export const DERIVED_FILE = `derived-${CODE_EXTENSION.slice(1)}.json`;

interface DerivedFile {
  format: number;
  key: string;
  documentCount: number;
  documentFrequencies: Record<string, number>;
  stems: Record<Language, Record<string, string>>;
  lexicon: LexiconSnapshot;
  /** Question text, the kind of answer it asks for (null for none), the names it is about. */
  intents: [string, AnswerType | null, string[]][];
}

/** What the engine needs derived from the article; `cached` when it was read back rather than worked out. */
export interface Derived {
  lexical: LexicalEmbeddings;
  lexicon: ArticleLexicon;
  intents: Map<string, QuestionIntent>;
  cached: boolean;
}

function filesIn(dir: string, extension: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(extension))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The key of the derived data for this article with this code, these language lists and these packages. */
export function derivedKey(article: Article): string {
  const hash = createHash('sha256').update(`${FORMAT}\n${article.hash}\n`);
  const require = createRequire(import.meta.url);
  const files = [
    ...filesIn(LANGUAGE_DIR, '.json'),
    ...PACKAGES.map((name) => require.resolve(name)),
    ...LANGUAGE_PACKAGE_FILES,
    ...filesIn(path.join(CODE_DIR, 'text'), CODE_EXTENSION),
    path.join(CODE_DIR, `embeddings/lexical${CODE_EXTENSION}`),
    ...filesIn(path.join(CODE_DIR, 'answer'), CODE_EXTENSION),
  ];
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex');
}

/** The data saved for this key (its stems taken back), or the data worked out anew when there is none (missing, stale or unreadable). */
export async function readDerived(article: Article, indexDir: string, key: string): Promise<Derived> {
  try {
    const saved = JSON.parse(await readFile(path.join(indexDir, DERIVED_FILE), 'utf8')) as Partial<DerivedFile>;
    if (saved.format === FORMAT && saved.key === key && typeof saved.documentCount === 'number' && saved.documentFrequencies && saved.lexicon && Array.isArray(saved.intents)) {
      for (const lang of LANGUAGES) if (saved.stems?.[lang] && typeof saved.stems[lang] === 'object') KNOWLEDGE[lang].rememberStems(saved.stems[lang]);
      return {
        lexical: new LexicalEmbeddings({ documentCount: saved.documentCount, documentFrequencies: saved.documentFrequencies }),
        lexicon: new ArticleLexicon(saved.lexicon),
        intents: new Map(saved.intents.map(([q, type, names]) => [q, { type: type ?? undefined, names }])),
        cached: true,
      };
    }
  } catch {
    // No file, or not one of ours: worked out below.
  }
  return { lexical: LexicalEmbeddings.fit(indexTexts(article)), lexicon: new ArticleLexicon(article), intents: new Map(), cached: false };
}

/** Saves the derived data into the index folder (after the index: saving it replaces the folder). */
export async function saveDerived(indexDir: string, key: string, derived: Omit<Derived, 'cached'>): Promise<void> {
  const stems = Object.fromEntries(LANGUAGES.map((lang) => [lang, KNOWLEDGE[lang].stemsKnown()])) as DerivedFile['stems'];
  const file: DerivedFile = {
    format: FORMAT,
    key,
    ...derived.lexical.rarityStatistics(),
    stems,
    lexicon: derived.lexicon.snapshot(),
    intents: [...derived.intents].map(([q, intent]) => [q, intent.type ?? null, intent.names]),
  };
  await writeFile(path.join(indexDir, DERIVED_FILE), JSON.stringify(file));
}
