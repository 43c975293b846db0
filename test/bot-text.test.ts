import { describe, expect, it } from 'vitest';
import { languageOfLocale, questionLanguage } from '../src/bot/language.js';
import { asksSomething, isAcknowledgement, withoutMentionOf, withoutMentions } from '../src/bot/message-text.js';
import { en } from '../src/strings/en.js';
import { fr } from '../src/strings/fr.js';
import { type StringKey, t } from '../src/strings/index.js';

const BOT = '111111111111111111';
const ALICE = '222222222222222222';

describe('what a member’s message says', () => {
  it.each([
    [`<@${BOT}> Who founded Alibaba?`, 'Who founded Alibaba?'],
    [`<@!${BOT}> Who founded Alibaba?`, 'Who founded Alibaba?'],
    [`Hey <@${BOT}>, ask <@${ALICE}> too`, `Hey  , ask <@${ALICE}> too`],
    [`<@${ALICE}>`, `<@${ALICE}>`],
  ])('without the bot’s own mention: %s', (content, expected) => {
    expect(withoutMentionOf(content, BOT)).toBe(expected);
  });

  it.each([
    [`<@${ALICE}> <@&${ALICE}> <#${ALICE}> @everyone @here`, '', false],
    [`<@${ALICE}>   who   founded it?`, 'who founded it?', true],
    ['@everyone 2016', '2016', true],
    ['?!', '?!', false],
  ])('without any mention: %s', (text, plain, asks) => {
    expect(withoutMentions(text)).toBe(plain);
    expect(asksSomething(text)).toBe(asks);
  });

  it.each([
    ['thanks!', true],
    ['Merci beaucoup 👍', true],
    ['ok', true],
    ['ok but who founded it?', false],
    ['Thanks, and when was it created?', false],
  ])('an acknowledgement: %s → %s', (text, expected) => {
    expect(isAcknowledgement(text)).toBe(expected);
  });
});

describe('the language of what the bot writes', () => {
  it.each([
    ['fr', 'en', 'fr'],
    ['fr-FR', 'en', 'fr'],
    ['en-GB', 'fr', 'en'],
    ['de', 'fr', 'fr'],
    ['de', 'en', 'en'],
    [null, 'fr', 'fr'],
  ] as const)('locale %s with DEFAULT_LANGUAGE %s → %s', (locale, fallback, expected) => {
    expect(languageOfLocale(locale, fallback)).toBe(expected);
  });

  it('takes an unclear question’s language from DEFAULT_LANGUAGE', () => {
    expect(questionLanguage('2016 ?', 'fr')).toBe('fr');
    expect(questionLanguage('2016 ?', 'en')).toBe('en');
    expect(questionLanguage('Qui a fondé Alibaba ?', 'en')).toBe('fr');
  });
});

describe('the strings table', () => {
  const keys = Object.keys(en) as StringKey[];
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it.each(keys)('%s has the same placeholders in French and in English', (key) => {
    expect(fr[key].trim()).not.toBe('');
    expect(placeholders(fr[key])).toEqual(placeholders(en[key]));
  });

  it('fills every placeholder, and an absent value with nothing', () => {
    expect(t('rateLimited', 'en', { seconds: 12, question: 'Who?' })).toBe('You have asked several questions in a row. You can ask again in 12 s. Your question was: “Who?”');
    expect(t('rateLimited', 'fr', { seconds: 12, question: 'Qui ?' })).toBe('Vous avez posé plusieurs questions d’affilée. Vous pourrez en reposer une dans 12 s. Votre question était : « Qui ? »');
    expect(t('threadName', 'en')).toBe('Question: ');
  });
});
