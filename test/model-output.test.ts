import { describe, expect, it } from 'vitest';
import { type AnswerSources, ModelOutputRules, StreamCleaner } from '../src/answer/model-output.js';
import { LeakGuard } from '../src/answer/output-leaks.js';
import { loadEngineConfig } from '../src/config/env.js';
import { cleanText } from '../src/text/normalize.js';
import { mulberry32 } from './support/fuzz.js';
import { fastestMs, pathologicalShapes } from './support/pathological.js';

/** The checks every model answer goes through (src/answer/model-output.ts), without a model or a server. */

const INSTRUCTIONS = 'Use only the numbered passages supplied with the question. Do not use anything you know from elsewhere, even when you are sure of it.';
const API_KEY = 'sk-live-Zq8vN3xK7pR2mW9tY4bL6cJ1';
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
const SOURCES: AnswerSources = {
  passages: [
    ['Founded in 1999 by Jack Ma and Peng Lei, the Alibaba group is one of the largest online and mobile commerce companies in the world by volume of goods sold. In 2009, the Chinese giant decided to diversify its line of business by entering the race for the cloud market.'],
    ['Cloud Foundry is an open-source project that offers a cloud-independent platform as a service.', 'Cloud Foundry est un projet open source qui propose une offre de plateforme en tant que service indépendante du cloud.'],
  ],
  linkRemoved: '(link removed)',
};
const rules = (maxChars = 3000) => new ModelOutputRules(new LeakGuard(INSTRUCTIONS, [API_KEY, TOKEN]), maxChars);

/** The verdict on `raw` fed in pieces of `size`, and every text shown on the way. */
function run(raw: string, size = raw.length || 1, maxChars?: number) {
  const check = rules(maxChars).start(SOURCES);
  const shown: string[] = [];
  for (let i = 0; i < raw.length && !check.done; i += size) {
    const text = check.push(raw.slice(i, i + size));
    if (text !== undefined) shown.push(text);
  }
  return { verdict: check.finish(), shown, dropped: check.dropped };
}

describe('cleaning a streamed answer', () => {
  it('gives the same text as cleaning it whole, however it is cut', () => {
    const rand = mulberry32(11);
    const alphabet = ['a', 'é', 'e', '\u0301', '\u0327', ' ', '\u00A0', '\u202F', '\t', '\n', '\r', '\u200B', '\u202E', '“', '"', '.', '\uD83D', '\uDE00', '\u1100', '\u1161', '\u11A8', '\u{E0041}'];
    for (let round = 0; round < 2000; round += 1) {
      let raw = '';
      const length = Math.floor(rand() * 40);
      for (let i = 0; i < length; i += 1) raw += alphabet[Math.floor(rand() * alphabet.length)];
      const cleaner = new StreamCleaner();
      let out = '';
      for (let i = 0; i < raw.length; ) {
        const size = 1 + Math.floor(rand() * 5);
        out += cleaner.push(raw.slice(i, i + size));
        i += size;
      }
      out += cleaner.end();
      expect(out.trim(), JSON.stringify(raw)).toBe(cleanText(raw));
    }
  });

  it('removes zero-width, bidi and control characters the model wrote before anything is checked or shown', () => {
    const { verdict } = run('Alibaba was \u202Efounded\u202C in 1\u200B999 by Jack\u0000 Ma [1].');
    expect(verdict).toEqual({ refused: false, answer: 'Alibaba was founded in 1999 by Jack Ma [1].', used: [0] });
  });
});

describe('caps', () => {
  it('keeps at most maxChars of cleaned text, and only the sentences complete within it', () => {
    const sentence = 'Alibaba was founded in 1999 by Jack Ma [1]. ';
    const { verdict } = run(sentence.repeat(2000), 500, 1000);
    expect(verdict.refused).toBe(false);
    if (verdict.refused) return;
    expect(verdict.answer.length).toBeLessThanOrEqual(1000);
    expect(verdict.answer).toMatch(/Ma \[1\]\.$/);
  });

  it('stops reading a degenerate run of whitespace and keeps what came before it', () => {
    const check = rules(300).start(SOURCES);
    check.push('Alibaba was founded in 1999 by Jack Ma [1].');
    let pushed = 0;
    for (; !check.done && pushed < 100_000; pushed += 100) check.push(' '.repeat(100));
    expect(pushed).toBeLessThanOrEqual(3100);
    expect(check.finish()).toMatchObject({ refused: false, answer: 'Alibaba was founded in 1999 by Jack Ma [1].' });
  });
});

describe('claims and their sources', () => {
  it('refuses an answer that lies with a valid [1]', () => {
    expect(run('Founded in 2015 by Elon Musk [1].').verdict).toEqual({ refused: true, reason: 'no_valid_citation' });
  });

  it('drops the sentence whose year or name is not in its cited passage and keeps the true one', () => {
    const { verdict, dropped } = run('Alibaba was founded in 1999 by Jack Ma [1]. It was bought by Elon Musk [1]. Cloud Foundry launched in 2009 [2].');
    expect(verdict).toEqual({ refused: false, answer: 'Alibaba was founded in 1999 by Jack Ma [1].', used: [0] });
    expect(dropped).toEqual(['It was bought by Elon Musk [1].', 'Cloud Foundry launched in 2009 [2].']);
  });

  it('accepts numbers written with other separators and names in the original of a translated passage', () => {
    expect(run('Cloud Foundry est un projet open source [2].').verdict.refused).toBe(false);
    expect(run('Founded in 1999, Alibaba entered the cloud market in 2009 [1].').verdict.refused).toBe(false);
  });

  it('holds a sentence without a marker to every supplied passage, and refuses an answer with no cited sentence', () => {
    expect(run('Alibaba was founded by Jack Ma.').verdict).toEqual({ refused: true, reason: 'no_valid_citation' });
    expect(run('Elon Musk agrees. Alibaba was founded by Jack Ma [1].').verdict).toMatchObject({ answer: 'Alibaba was founded by Jack Ma [1].' });
  });
});

describe('invented quotations', () => {
  const quotes = {
    'curly quotes': 'Jack Ma said “we will buy Cloud Foundry next year” [1].',
    'German quotes': 'Jack Ma sagte „we will buy Cloud Foundry next year“ [1].',
    'single quotes': "Jack Ma said 'we will buy Cloud Foundry next year' [1].",
    guillemets: 'Jack Ma a dit « nous achèterons Cloud Foundry l’an prochain » [1].',
    'a blockquote': 'Alibaba was founded in 1999 by Jack Ma [1].\n> We will buy Cloud Foundry next year [1]',
    'a multi-line blockquote': 'Alibaba was founded in 1999 by Jack Ma [1].\n>>> Alibaba is great.\nWe will buy Cloud Foundry next year [1].',
    'a quotation across two sentences': 'Jack Ma said “Alibaba grew. We will buy Cloud Foundry next year.” [1]',
  };
  for (const [shape, answer] of Object.entries(quotes)) {
    it(`refuses an invented quotation in ${shape}, and never shows any of it while it streams`, () => {
      const { verdict, shown } = run(answer, 3);
      expect(verdict).toEqual({ refused: true, reason: 'no_valid_citation' });
      for (const text of shown) expect(text).not.toMatch(/buy Cloud Foundry|achèterons/);
    });
  }

  it('keeps real quotations, whole or with words left out, and apostrophes that quote nothing', () => {
    expect(run('The article says Alibaba is “one of the largest online and mobile commerce companies in the world” [1].').verdict.refused).toBe(false);
    expect(run('Cloud Foundry is « un projet open source … indépendante du cloud » [2].').verdict.refused).toBe(false);
    expect(run("Alibaba's founders, Jack Ma and Peng Lei, started it in 1999 [1]. It's one of the largest commerce companies [1].").verdict.refused).toBe(false);
    expect(run("Alibaba was founded in 1999 by Jack Ma [1]. Since the '90s it has been one of the largest commerce companies in the world [1].", 5).verdict).toMatchObject({ refused: false });
  });
});

describe('links', () => {
  it('removes links and invites the passages do not contain, keeping a masked link’s text', () => {
    const { verdict } = run('Alibaba was founded in 1999 by Jack Ma, see [alibaba.com](https://evil.example/login), <https://evil.example/x>, www.evil.example and discord.gg/abcdef [1].');
    expect(verdict).toMatchObject({ refused: false });
    if (verdict.refused) return;
    expect(verdict.answer).toBe('Alibaba was founded in 1999 by Jack Ma, see alibaba.com, (link removed), (link removed) and (link removed) [1].');
  });
});

describe('leaks', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const spellings = {
    'as is': API_KEY,
    'with zero-width spaces inside': API_KEY.split('').join('\u200B'),
    'spaced out': API_KEY.split('').join(' '),
    'in fullwidth letters': API_KEY.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    'in base64': b64(API_KEY),
    'in base64 inside a longer text': b64(`key=${API_KEY};`),
    'in hex': Buffer.from(API_KEY).toString('hex').toUpperCase(),
    'cut across two sentences': `${API_KEY.slice(0, 14)}. And ${API_KEY.slice(14)}`,
    'the Discord token in base64': b64(TOKEN),
  };
  for (const [how, spelled] of Object.entries(spellings)) {
    it(`refuses a configured secret ${how}, and shows none of it`, () => {
      const { verdict, shown } = run(`Alibaba was founded in 1999 by Jack Ma [1]. The key is ${spelled} [1].`, 7);
      expect(verdict).toEqual({ refused: true, reason: 'injection' });
      for (const text of shown) expect(text).toBe('Alibaba was founded in 1999 by Jack Ma [1].');
    });
  }

  it('is given the configured secrets: the API key, the bot token without "Bot ", every *_KEY, *_TOKEN, *_SECRET or *_PASSWORD', () => {
    const config = loadEngineConfig({ OPENAI_API_KEY: API_KEY, DISCORD_TOKEN: `Bot ${TOKEN}`, WEBHOOK_SECRET: 'whsec-0123456789abcdef', LOG_LEVEL: 'info' });
    expect(config.secrets.sort()).toEqual([API_KEY, `Bot ${TOKEN}`, TOKEN, 'whsec-0123456789abcdef'].sort());
  });

  it('does not look for a value too short to tell from a word', () => {
    const check = new ModelOutputRules(new LeakGuard(INSTRUCTIONS, ['largest']), 3000).start(SOURCES);
    check.push('Alibaba is one of the largest commerce companies in the world [1].');
    expect(check.finish().refused).toBe(false);
  });

  it('refuses recited instructions, even cut across sentences', () => {
    expect(run('Alibaba was founded in 1999 [1]. Use only the numbered passages. Supplied with the question [1].').verdict).toEqual({ refused: true, reason: 'injection' });
  });
});

/**
 * The whole check within one answer's budget (100 ms, measured alone), even with the length cap lifted to 60,000
 * characters; each pattern it applies is timed alone, under 50 ms, in test/linear-time.test.ts. Run beside the rest
 * of the suite on two busy cores its fastest run has taken 127 ms, so the test allows twice the budget: a check that
 * is not linear takes seconds on these shapes (the old leak check: 7.8 s).
 */
const CHECK_BUDGET_MS = 200;

describe('the whole check in linear time on 50,000 characters of each pathological shape', () => {
  const shapes = Object.entries(pathologicalShapes(50_000));
  for (const [shape, text] of shapes) {
    it(`${shape}: whole, and streamed in 64-character pieces`, () => {
      expect(fastestMs(() => run(text, text.length, 60_000))).toBeLessThan(CHECK_BUDGET_MS);
      expect(fastestMs(() => run(text, 64))).toBeLessThan(CHECK_BUDGET_MS);
    });
  }

  it('checks a 50,000-character answer streamed in 8-character pieces in under 100 ms (the old leak check took 7.8 s)', () => {
    const answer = 'Alibaba was founded in 1999 by Jack Ma and Peng Lei [1] '.repeat(900);
    expect(fastestMs(() => run(answer, 8, 60_000))).toBeLessThan(100);
  });
});
