import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ARTICLE_DIR, loadArticle, openingWords, parseAnticipated, parseUnanswered, splitBlocks } from '../src/corpus/article.js';
import { splitSentences } from '../src/text/sentences.js';

async function copyOfData(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'article-data-'));
  await cp(DEFAULT_ARTICLE_DIR, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}index`) });
  return dir;
}

describe('the article as passages', () => {
  it('splits the original into its eight paragraphs with their sections and drops the stray line', async () => {
    const article = await loadArticle();
    const french = article.passages.filter((p) => p.lang === 'fr');
    expect(article.title).toBe('Le groupe chinois Alibaba a intégré Cloud Foundry');
    expect(french).toHaveLength(8);
    expect(french.map((p) => p.paragraph)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(french.some((p) => p.text.includes('Cdiscount'))).toBe(false);
    expect(french[3]!.section).toBe('Une collaboration prometteuse');
    expect(french[3]!.heading).toBe('Une collaboration prometteuse');
    expect(french[5]!.label).toBe('§6 · L’open source en plein essor');
    // The paragraphs before the first heading, and those after a section's first, are told apart by their opening words.
    expect(french[1]!.label).toBe('§2 · Depuis sa création, ce cloud chinois a…');
    expect(french[4]!.label).toBe('§5 · Si de son côté, Alibaba Cloud veut…');
    for (const lang of ['fr', 'en']) {
      const labels = article.passages.filter((p) => p.lang === lang).map((p) => p.label.replace(/^§\d+ · /, ''));
      expect(new Set(labels).size).toBe(labels.length);
    }
    // Paragraphs before the first heading belong to the title and carry no heading of their own.
    expect(french[0]!.section).toBe(article.title);
    expect(french[0]!.heading).toBeUndefined();
    // Headings are labels, never passages.
    expect(french.some((p) => p.text === 'Une collaboration prometteuse')).toBe(false);
  });

  it.each([
    ['Short paragraph.', 'Short paragraph.'],
    ['Depuis sa création, ce cloud chinois a été classé', 'Depuis sa création, ce cloud chinois a…'],
    ['Créé en 1999 par Jack Ma et Peng Lei, suivi', 'Créé en 1999 par Jack Ma et Peng Lei…'],
    ['Anticonstitutionnellementanticonstitutionnellement', 'Anticonstitutionnellementanticonstitutio…'],
  ])('labels a paragraph by its opening words, cut at a word: %s', (text, expected) => {
    expect(openingWords(text)).toBe(expected);
  });

  it('aligns the English translation paragraph by paragraph and sentence by sentence, under the same ids', async () => {
    const article = await loadArticle();
    const french = article.passages.filter((p) => p.lang === 'fr');
    const english = article.passages.filter((p) => p.lang === 'en');
    expect(english.map((p) => p.id)).toEqual(french.map((p) => p.id));
    expect(english.every((p) => p.translated)).toBe(true);
    expect(french.every((p) => !p.translated)).toBe(true);
    english.forEach((p, i) => expect(splitSentences(p.text)).toHaveLength(splitSentences(french[i]!.text).length));
  });

  it('gives the same ids after reloading, and a new id only to a paragraph whose text changed', async () => {
    const first = await loadArticle();
    const dir = await copyOfData();
    const file = path.join(dir, 'article.fr.txt');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('Récemment, la firme chinoise', 'Récemment, le groupe chinois'));
    // Anticipated questions point at sentences by paragraph id: edited text makes them stale, and loading says so.
    await expect(loadArticle(dir)).rejects.toThrow(/anticipated\.jsonl:\d+: no sentence p3-8f11b05c#\d/);
    await rm(path.join(dir, 'anticipated.jsonl'));
    const edited = await loadArticle(dir);
    const ids = (a: typeof first) => a.passages.filter((p) => p.lang === 'fr').map((p) => p.id);
    expect(ids(await loadArticle())).toEqual(ids(first));
    expect(ids(edited).filter((id, i) => id !== ids(first)[i])).toEqual([ids(edited)[2]]);
    expect(edited.hash).not.toBe(first.hash);
  });

  it('refuses a translation whose blocks do not line up with the original', async () => {
    const dir = await copyOfData();
    const file = path.join(dir, 'article.en.txt');
    await writeFile(file, (await readFile(file, 'utf8')).replace('\n\nA promising collaboration\n', '\n'));
    await expect(loadArticle(dir)).rejects.toThrow(/not aligned/);
  });

  it('names the file when the manifest is missing or malformed', async () => {
    const dir = await copyOfData();
    await writeFile(path.join(dir, 'article.json'), '{ not json');
    await expect(loadArticle(dir)).rejects.toThrow(/article\.json/);
  });

  it('treats short unpunctuated lines as headings, Windows line endings included', () => {
    const blocks = splitBlocks('Un titre court\r\n\r\nUne phrase complète se termine par un point.\r\n\r\nParasite', ['Parasite']);
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'stray']);
  });

  it('reads the anticipated questions, each pointing at sentences of the article', async () => {
    const article = await loadArticle();
    expect(article.anticipated.length).toBeGreaterThanOrEqual(8 * 8);
    for (const paragraph of article.passages.filter((p) => !p.translated)) {
      const about = article.anticipated.filter((q) => q.answers.some((a) => a.passageId === paragraph.id));
      expect(about.length, `questions about §${paragraph.paragraph}`).toBeGreaterThanOrEqual(8);
      expect(new Set(about.map((q) => q.lang))).toEqual(new Set(['fr', 'en']));
    }
  });

  it('refuses anticipated questions that point at no sentence, naming the line', async () => {
    const { passages } = await loadArticle();
    const id = passages[0]!.id;
    const cases: [string, RegExp][] = [
      ['{ nope', /q\.jsonl:1: not valid JSON/],
      ['{"lang":"de","q":"Wer?","answers":["' + id + '#1"]}', /q\.jsonl:1: needs lang/],
      ['{"lang":"fr","q":"Qui ?","answers":[]}', /needs lang/],
      ['\n{"lang":"fr","q":"Qui ?","answers":["' + id + '#99"]}', /q\.jsonl:2: no sentence/],
      ['{"lang":"en","q":"Who?","answers":["p9-00000000#1"]}', /no sentence p9-00000000#1/],
    ];
    for (const [raw, error] of cases) expect(() => parseAnticipated(raw, passages, 'q.jsonl')).toThrow(error);
    expect(parseAnticipated('{"lang":"en","q":" Who? ","answers":["' + id + '#2"]}', passages, 'q.jsonl')).toEqual([
      { lang: 'en', q: 'Who?', answers: [{ passageId: id, sentence: 1 }] },
    ]);
  });

  it('reads the questions the article does not answer, refusing a malformed line by its number', async () => {
    expect((await loadArticle()).unanswered.length).toBeGreaterThanOrEqual(100);
    const cases: [string, RegExp][] = [
      ['{ nope', /u\.jsonl:1: not valid JSON/],
      ['\n{"lang":"de","q":"Wie viel?"}', /u\.jsonl:2: needs lang/],
      ['{"lang":"fr","q":"  "}', /needs lang \(fr or en\) and q/],
    ];
    for (const [raw, error] of cases) expect(() => parseUnanswered(raw, 'u.jsonl')).toThrow(error);
    expect(parseUnanswered('{"lang":"en","q":" How much? "}\n\n', 'u.jsonl')).toEqual([{ lang: 'en', q: 'How much?' }]);
  });

  it('works without the unanswered questions, and a change to them changes the article’s hash', async () => {
    const dir = await copyOfData();
    await rm(path.join(dir, 'unanswered.jsonl'));
    const article = await loadArticle(dir);
    expect(article.unanswered).toEqual([]);
    expect(article.hash).not.toBe((await loadArticle()).hash);
  });

  it('answers through the passages alone when the folder has no anticipated questions', async () => {
    const dir = await copyOfData();
    await rm(path.join(dir, 'anticipated.jsonl'));
    const article = await loadArticle(dir);
    expect(article.anticipated).toEqual([]);
    expect(article.hash).not.toBe((await loadArticle()).hash);
  });
});
