import { describe, expect, it } from 'vitest';
import { embedLength } from 'discord.js';
import { aboutEmbed } from '../src/bot/commands/about.js';
import type { AnswerResult, Citation } from '../src/answer/types.js';
import { neutralizeMentions } from '../src/text/normalize.js';
import {
  NO_MENTIONS,
  packEmbeds,
  parseCustomId,
  renderAnswer,
  renderPartial,
  renderSources,
} from '../src/bot/render.js';
import { EMBED_FIELD_VALUE_MAX, EMBED_FIELDS_MAX, EMBED_TOTAL_MAX, MESSAGE_MAX } from '../src/discord-limits.js';
import { splitText, truncate } from '../src/bot/split.js';

const sentence = (i: number) => `Sentence number ${i} says something about Alibaba Cloud and its datacenters [${(i % 3) + 1}].`;
const paragraph = (from: number, count: number) => Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

/** Every word and marker of the text, in order: what splitting must keep. */
const tokens = (text: string) => text.split(/\s+/).filter(Boolean);

describe('splitText', () => {
  it('leaves short text whole', () => {
    expect(splitText('  A short answer [1].  ', 2000)).toEqual(['A short answer [1].']);
  });

  it('splits at paragraph boundaries first', () => {
    const paragraphs = [paragraph(0, 5), paragraph(5, 5), paragraph(10, 5)];
    const pieces = splitText(paragraphs.join('\n\n'), paragraphs[0]!.length + 10);
    expect(pieces).toEqual(paragraphs);
  });

  it('splits a paragraph too long for one piece at sentence ends, keeping each [n] with its sentence', () => {
    const text = paragraph(0, 40);
    const pieces = splitText(text, 500);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(500);
      expect(piece).toMatch(/^Sentence number \d+ /);
      expect(piece).toMatch(/\[\d\]\.$/);
    }
    expect(tokens(pieces.join(' '))).toEqual(tokens(text));
  });

  it('keeps a closing quote and a marker after the sentence they end', () => {
    const text = '« Créé en 1999 par Jack Ma. » [1] Le groupe a lancé Alibaba Cloud en 2009. [2] Fin.';
    const pieces = splitText(text, 40);
    expect(pieces[0]).toBe('« Créé en 1999 par Jack Ma. » [1]');
    expect(pieces.every((p) => !/^\[\d+\]|^»/.test(p))).toBe(true);
  });

  it('falls back to word boundaries for a sentence longer than a piece, never separating a word from its marker', () => {
    const text = `${'word '.repeat(300)}end [12] and more words after it`;
    const pieces = splitText(text, 97);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(97);
      expect(piece).not.toMatch(/^\[|\[$|\[\d+$|^\d*\]/);
    }
    expect(pieces.join(' ')).toContain('end [12]');
    expect(tokens(pieces.join(' '))).toEqual(tokens(text));
  });

  it('only cuts inside a word when the word alone is longer than a piece', () => {
    const url = `https://example.org/${'x'.repeat(250)}`;
    const pieces = splitText(`See ${url} now.`, 100);
    expect(pieces.every((p) => p.length <= 100)).toBe(true);
    expect(pieces.join('').replace(/\s/g, '')).toBe(`See${url}now.`);
  });

  it('splits a long answer into Discord messages of at most 2,000 characters', () => {
    const text = Array.from({ length: 14 }, (_, i) => paragraph(i * 10, 6)).join('\n\n');
    expect(text.length).toBeGreaterThan(3 * MESSAGE_MAX);
    const pieces = splitText(text, MESSAGE_MAX);
    expect(pieces.every((p) => p.length <= MESSAGE_MAX)).toBe(true);
    expect(pieces.join('\n\n')).toBe(text);
  });
});

describe('truncate', () => {
  it('cuts between words and marks the cut', () => {
    expect(truncate('one two three four', 12)).toBe('one two…');
    expect(truncate('short', 12)).toBe('short');
  });
});

function result(overrides: Partial<AnswerResult> = {}): AnswerResult {
  return {
    question: 'q',
    language: 'en',
    answer: 'Alibaba was founded in 1999 [1].',
    refused: false,
    citations: [citation(1)],
    timings: { embedMs: 1, searchMs: 1, answerMs: 1, totalMs: 3 },
    answerer: 'extractive',
    embedder: 'lexical',
    ...overrides,
  };
}

function citation(n: number, quote = 'Founded in 1999 by Jack Ma and Peng Lei.'): Citation {
  return { n, passageId: `p${n}`, label: `§${n} · Section`, quote, lang: 'en', translated: true, original: 'Créé en 1999.', score: 0.5 };
}

/** An answer's reference, as newAnswerRef makes them. */
const REF = '0123456789abcdef0123456789abcdef';

describe('renderAnswer', () => {
  it('puts the answer in the content, the sources in an embed and the buttons under it, with no mentions allowed', () => {
    const [message, ...rest] = renderAnswer(result(), REF);
    expect(rest).toEqual([]);
    expect(message!.content).toBe('Alibaba was founded in 1999 [1].');
    expect(message!.allowedMentions).toEqual(NO_MENTIONS);
    expect(message!.embeds).toHaveLength(1);
    const buttons = (message!.components![0] as { toJSON(): { components: { custom_id: string }[] } }).toJSON().components.map((c) => c.custom_id);
    expect(buttons).toEqual([`sources:${REF}`, `vote:${REF}:up`, `vote:${REF}:down`]);
  });

  it('gives a refusal only its sentence and the vote buttons', () => {
    const [message] = renderAnswer(result({ refused: true, refusalReason: 'off_topic', answer: 'The article doesn’t cover that.', citations: [] }), REF);
    expect(message!.embeds).toBeUndefined();
    const buttons = (message!.components![0] as { toJSON(): { components: { custom_id: string }[] } }).toJSON().components.map((c) => c.custom_id);
    expect(buttons).toEqual([`vote:${REF}:up`, `vote:${REF}:down`]);
  });

  it('splits a long answer over messages and puts the sources and buttons under the last one', () => {
    const answer = Array.from({ length: 8 }, (_, i) => paragraph(i * 10, 6)).join('\n\n');
    const messages = renderAnswer(result({ answer }), REF);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => (m.content ?? '').length <= MESSAGE_MAX && m.allowedMentions === NO_MENTIONS)).toBe(true);
    expect(messages.slice(0, -1).every((m) => !m.embeds && !m.components)).toBe(true);
    expect(messages.at(-1)!.components).toHaveLength(1);
  });

  it('keeps the sources embed within the field and total limits however many long citations there are', () => {
    const citations = Array.from({ length: 40 }, (_, i) => citation(i + 1, 'A very long quote. '.repeat(100)));
    const [message] = renderAnswer(result({ citations }), REF);
    const embed = message!.embeds![0] as { fields: { name: string; value: string }[]; footer?: { text: string }; title: string };
    expect(embed.fields.length).toBeLessThanOrEqual(EMBED_FIELDS_MAX);
    expect(embed.fields.every((f) => f.value.length <= EMBED_FIELD_VALUE_MAX)).toBe(true);
    const total = embed.title.length + (embed.footer?.text.length ?? 0) + embed.fields.reduce((s, f) => s + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(EMBED_TOTAL_MAX);
    expect(embed.footer?.text).toMatch(/^\+\d+ more sources$/);
  });

  it('breaks @everyone and @here in what it writes', () => {
    expect(neutralizeMentions('hi @everyone and @here')).not.toMatch(/@everyone|@here/);
    const [message] = renderAnswer(result({ answer: 'Ask @everyone [1].' }), REF);
    expect(message!.content).not.toMatch(/@everyone/);
  });

  it('shows streaming text in one message that fits', () => {
    const partial = renderPartial('word '.repeat(1000));
    expect(partial.content!.length).toBeLessThanOrEqual(MESSAGE_MAX);
    expect(partial.content).toMatch(/… …$|…$/);
  });
});

describe('renderSources', () => {
  it('shows each passage whole and, for a translation, the French original', () => {
    const messages = renderSources([{ n: 1, label: '§1 · Title', text: 'The translation.', translated: true, original: { label: '§1 · Titre', text: 'L’original.' } }], 'fr');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.embeds).toEqual([
      { title: '[1] §1 · Title (traduction)', description: 'The translation.' },
      { title: 'Original (français) · §1 · Titre', description: 'L’original.' },
    ]);
  });

  it('packs embeds into messages of at most 10 embeds and 6,000 characters', () => {
    const sources = Array.from({ length: 12 }, (_, i) => ({ n: i + 1, label: `§${i + 1}`, text: 'x '.repeat(1200), translated: false }));
    const messages = renderSources(sources, 'en');
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      const embeds = message.embeds as { title?: string; description?: string }[];
      expect(embeds.length).toBeLessThanOrEqual(10);
      expect(embeds.reduce((s, e) => s + (e.title?.length ?? 0) + (e.description?.length ?? 0), 0)).toBeLessThanOrEqual(EMBED_TOTAL_MAX);
    }
    expect(messages.flatMap((m) => m.embeds)).toHaveLength(12);
    expect(packEmbeds([])).toEqual([]);
  });
});

describe('button ids', () => {
  it('round-trips and rejects anything else', () => {
    expect(parseCustomId(`sources:${REF}`)).toEqual({ kind: 'sources', answerRef: REF });
    expect(parseCustomId(`vote:${REF}:down`)).toEqual({ kind: 'vote', answerRef: REF, vote: 'down' });
    expect(parseCustomId(`vote:${REF}:maybe`)).toBeUndefined();
    expect(parseCustomId(`sources:${REF}0`)).toBeUndefined();
    expect(parseCustomId('other')).toBeUndefined();
  });

  it('reads the sequential ids of buttons from before references as stale, never as an answer', () => {
    expect(parseCustomId('sources:12')).toEqual({ kind: 'stale' });
    expect(parseCustomId('vote:1:down')).toEqual({ kind: 'stale' });
  });
});

describe('/about card', () => {
  const info = { article: 'Un titre '.repeat(600), source: 'une source '.repeat(300), language: 'fr' as const, passages: 40, paragraphs: 8, dimensions: 1024, embedder: 'lexical', answerer: 'extractive', indexMs: 1 };
  it.each(['fr', 'en'] as const)('stays within Discord’s 6,000 characters however long the manifest’s title and source are (%s)', (lang) => {
    const examples = ['une question '.repeat(40), 'a question '.repeat(40), 'encore une '.repeat(40)];
    const card = aboutEmbed(info, examples, lang);
    expect(embedLength(card)).toBeLessThanOrEqual(EMBED_TOTAL_MAX);
    expect(card.description!.length).toBeGreaterThan(2000);
    expect(card.fields!.at(-1)!.value.length).toBeGreaterThan(EMBED_FIELD_VALUE_MAX - 50);
  });
  it('keeps a short title whole', () => {
    const card = aboutEmbed({ ...info, article: 'Un titre court', source: 'une source' }, [], 'fr');
    expect(card.description).toContain('Un titre court');
  });
});
