import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_ARTICLE_DIR } from '../paths.js';
import type { Language } from '../text/language-data.js';
import { splitSentences } from '../text/sentences.js';

export type { Language } from '../text/language-data.js';

/** One paragraph of the article in one language. French and English renderings of a paragraph share an id. */
export interface Passage {
  id: string;
  /** 1-based paragraph number, the same in every language. */
  paragraph: number;
  /** The heading above the paragraph, or the article's title before the first heading. */
  section: string;
  /** The heading above the paragraph, when there is one. */
  heading?: string;
  /**
   * Human label, distinct for every paragraph: the heading for the paragraph that opens a section
   * ("§4 · Un nouveau départ"), the paragraph’s opening words for the others ("§2 · Depuis sa création, le groupe…").
   */
  label: string;
  text: string;
  lang: Language;
  /** True for the project's English rendering, never for the article itself. */
  translated: boolean;
}

/** A sentence of a passage, by the passage id and its 0-based index: `p1-20823bb1#1` is index 0. */
export interface SentenceRef {
  passageId: string;
  sentence: number;
}

/**
 * A question members are likely to ask, written for this article and pointing at the sentences that answer it:
 * indexed beside the passages, it lets a casual or paraphrased question find its answer (as FAQ bots and
 * doc2query do).
 */
export interface AnticipatedQuestion {
  lang: Language;
  q: string;
  answers: SentenceRef[];
}

/**
 * A question members are likely to ask about the article's subject that the article does not answer ("how much
 * did the deal cost?"): like an FAQ bot's out-of-scope examples, it lets the bot say so rather than quote the
 * nearest sentence.
 */
export interface UnansweredQuestion {
  lang: Language;
  q: string;
}

export interface Article {
  id: string;
  /** The folder the article was read from. */
  dir: string;
  title: string;
  /** Where the article comes from, as its manifest says. */
  source: string;
  /** The title of the original and of each translation. */
  titles: string[];
  language: Language;
  passages: Passage[];
  /** Empty when the folder has no anticipated questions: the passages alone still answer. */
  anticipated: AnticipatedQuestion[];
  /** Empty when the folder has none: then only the article's vocabulary tells what it does not speak of. */
  unanswered: UnansweredQuestion[];
  /** Changes whenever any text that is indexed changes; recorded in the saved index. */
  hash: string;
  /** Where its anticipated and unanswered questions are kept (the manifest's names or the defaults), whether or not they exist yet. */
  files: { anticipated: string; unanswered: string };
}

interface ArticleManifest {
  id: string;
  title: string;
  language: Language;
  source?: string;
  text: string;
  /** JSON lines of anticipated questions; `anticipated.jsonl` when the manifest does not name a file. */
  anticipated?: string;
  /** JSON lines of questions the article does not answer; `unanswered.jsonl` when the manifest does not name a file. */
  unanswered?: string;
  translations: { language: Language; text: string }[];
  strayLines: string[];
}

export { DEFAULT_ARTICLE_DIR } from '../paths.js';
export const ANTICIPATED_FILE = 'anticipated.jsonl';
export const UNANSWERED_FILE = 'unanswered.jsonl';

const MAX_HEADING_CHARS = 60;

/** Short lines with no closing punctuation are section headings; real paragraphs end in a sentence. */
function isHeading(block: string): boolean {
  return !block.includes('\n') && block.length <= MAX_HEADING_CHARS && !/[.!?…:»"”]$/.test(block);
}

export function normalizeForId(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** Opening words shown in a label: enough to tell paragraphs apart, short enough for a Discord field name. */
const LABEL_OPENING_CHARS = 40;

/** The paragraph's first words up to LABEL_OPENING_CHARS, cut at a word, then "…". */
export function openingWords(text: string): string {
  if (text.length <= LABEL_OPENING_CHARS) return text;
  const cut = text.slice(0, LABEL_OPENING_CHARS + 1);
  const lastSpace = cut.lastIndexOf(' ');
  const words = lastSpace > 0 ? cut.slice(0, lastSpace) : cut.slice(0, LABEL_OPENING_CHARS);
  return `${words.replace(/[\s,;:.–—-]+$/u, '')}…`;
}

interface Block {
  kind: 'heading' | 'paragraph' | 'stray';
  text: string;
}

/** Splits the text after its title line into headings, paragraphs and stray lines. */
export function splitBlocks(body: string, strayLines: readonly string[]): Block[] {
  const stray = new Set(strayLines.map(normalizeForId));
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map(normalizeForId)
    .filter((text) => text.length > 0)
    .map((text): Block => {
      if (stray.has(text)) return { kind: 'stray', text };
      return { kind: isHeading(text) ? 'heading' : 'paragraph', text };
    });
}

interface ParsedText {
  title: string;
  blocks: Block[];
}

function parseText(raw: string, strayLines: readonly string[]): ParsedText {
  const text = raw.replace(/^\uFEFF/, '');
  const newline = text.indexOf('\n');
  const title = normalizeForId(newline === -1 ? text : text.slice(0, newline));
  if (!title) throw new Error('article text is empty: its first line must be the title');
  return { title, blocks: splitBlocks(newline === -1 ? '' : text.slice(newline + 1), strayLines) };
}

/**
 * Turns the original and its translations into passages. Headings are not passages: each one becomes the
 * section of the paragraphs after it (the title is the section of the paragraphs before the first heading).
 * Stray lines are dropped so they can never be retrieved or quoted.
 */
export function buildPassages(
  original: ParsedText,
  originalLang: Language,
  translations: { lang: Language; parsed: ParsedText }[],
): Passage[] {
  const layout = (parsed: ParsedText) => parsed.blocks.map((b) => b.kind).join(',');
  for (const t of translations) {
    if (layout(t.parsed) !== layout(original)) {
      throw new Error(
        `the ${t.lang} translation is not aligned with the original: blocks are [${layout(t.parsed)}], expected [${layout(original)}]`,
      );
    }
  }
  const ids: string[] = [];
  const passages: Passage[] = [];
  const renderings = [{ lang: originalLang, parsed: original, translated: false }].concat(
    translations.map((t) => ({ lang: t.lang, parsed: t.parsed, translated: true })),
  );
  for (const { lang, parsed, translated } of renderings) {
    let heading: string | undefined;
    let paragraph = 0;
    let opensSection = false;
    parsed.blocks.forEach((block, blockIndex) => {
      if (block.kind === 'heading') {
        heading = block.text;
        opensSection = true;
      }
      if (block.kind !== 'paragraph') return;
      paragraph += 1;
      // The id comes from the original's text, so a translation shares it and re-indexing the same text keeps it.
      if (!translated) ids.push(`p${paragraph}-${shortHash(normalizeForId(original.blocks[blockIndex]!.text))}`);
      const section = heading ?? parsed.title;
      // A heading names only the paragraph right under it; the title would name all the first paragraphs alike.
      const label = `§${paragraph} · ${heading && opensSection ? heading : openingWords(block.text)}`;
      opensSection = false;
      passages.push({
        id: ids[paragraph - 1]!,
        paragraph,
        section,
        ...(heading ? { heading } : {}),
        label,
        text: block.text,
        lang,
        translated,
      });
    });
  }
  return passages;
}

const SENTENCE_REF = /^(p\d+-[0-9a-f]{8})#(\d+)$/;

/**
 * The rows of a JSON-lines file of questions, blank lines skipped; `row` checks one and says what it holds, and
 * every error names the line.
 */
function parseQuestionLines<T>(raw: string, file: string, row: (value: { lang?: unknown; q?: unknown; answers?: unknown }, where: string) => T): T[] {
  const rows: T[] = [];
  raw.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let value: { lang?: unknown; q?: unknown; answers?: unknown };
    try {
      value = JSON.parse(line) as typeof value;
    } catch {
      throw new Error(`${where}: not valid JSON`);
    }
    rows.push(row(value, where));
  });
  return rows;
}

/**
 * Reads the anticipated questions, checking each one points at a sentence that exists: a stale file (the
 * article was edited) fails loudly instead of answering with the wrong sentence.
 */
export function parseAnticipated(raw: string, passages: readonly Passage[], file: string): AnticipatedQuestion[] {
  const sentenceCounts = new Map(passages.filter((p) => !p.translated).map((p) => [p.id, splitSentences(p.text).length]));
  return parseQuestionLines(raw, file, (row, where): AnticipatedQuestion => {
    if ((row.lang !== 'fr' && row.lang !== 'en') || typeof row.q !== 'string' || !row.q.trim() || !Array.isArray(row.answers) || row.answers.length === 0) {
      throw new Error(`${where}: needs lang (fr or en), q and a non-empty answers list`);
    }
    const answers = row.answers.map((ref): SentenceRef => {
      const match = SENTENCE_REF.exec(String(ref));
      const count = match ? sentenceCounts.get(match[1]!) : undefined;
      const sentence = match ? Number(match[2]) - 1 : -1;
      if (!match || count === undefined || sentence < 0 || sentence >= count) throw new Error(`${where}: no sentence ${String(ref)} in the article`);
      return { passageId: match[1]!, sentence };
    });
    return { lang: row.lang, q: normalizeForId(row.q), answers };
  });
}

/** Reads the questions the article does not answer: a language and a question per line, nothing to point at. */
export function parseUnanswered(raw: string, file: string): UnansweredQuestion[] {
  return parseQuestionLines(raw, file, (row, where): UnansweredQuestion => {
    if ((row.lang !== 'fr' && row.lang !== 'en') || typeof row.q !== 'string' || !row.q.trim()) throw new Error(`${where}: needs lang (fr or en) and q`);
    return { lang: row.lang, q: normalizeForId(row.q) };
  });
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function loadArticle(dataDir: string = DEFAULT_ARTICLE_DIR): Promise<Article> {
  const manifestPath = path.join(dataDir, 'article.json');
  let manifest: ArticleManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as ArticleManifest;
  } catch (error) {
    throw new Error(`cannot read the article manifest ${manifestPath}: ${(error as Error).message}`);
  }
  const read = async (file: string) => parseText(await readFile(path.join(dataDir, file), 'utf8'), manifest.strayLines ?? []);
  const original = await read(manifest.text);
  const translations = await Promise.all(
    (manifest.translations ?? []).map(async (t) => ({ lang: t.language, parsed: await read(t.text) })),
  );
  const passages = buildPassages(original, manifest.language, translations);
  if (passages.length === 0) throw new Error(`the article in ${dataDir} has no paragraphs`);
  const anticipatedFile = path.join(dataDir, manifest.anticipated ?? ANTICIPATED_FILE);
  const anticipatedText = await readOptional(anticipatedFile);
  const anticipated = anticipatedText === undefined ? [] : parseAnticipated(anticipatedText, passages, anticipatedFile);
  const unansweredFile = path.join(dataDir, manifest.unanswered ?? UNANSWERED_FILE);
  const unansweredText = await readOptional(unansweredFile);
  const unanswered = unansweredText === undefined ? [] : parseUnanswered(unansweredText, unansweredFile);
  const hash = createHash('sha256')
    .update(JSON.stringify([passages.map((p) => [p.id, p.lang, p.section, p.text]), anticipated, unanswered]))
    .digest('hex');
  const titles = [original.title, ...translations.map((t) => t.parsed.title)];
  return {
    id: manifest.id,
    dir: dataDir,
    title: original.title,
    source: manifest.source ?? '',
    titles,
    language: manifest.language,
    passages,
    anticipated,
    unanswered,
    hash,
    files: { anticipated: anticipatedFile, unanswered: unansweredFile },
  };
}
