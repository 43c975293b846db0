import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerSpan, counts, countsTime, definesSubject, groups, leadingPeople, newNames, people, places, refersByKind, satisfies, years } from '../src/answer/answer-types.js';
import { ArticleLexicon, analyseQuestion, leansOnPrevious, namedKindAsked, namesOnly, questionParts, resolveFollowUp } from '../src/answer/question.js';
import { type Article, loadArticle } from '../src/corpus/article.js';
import { detectLanguage } from '../src/text/detect-language.js';
import { KNOWLEDGE, LANGUAGES, LANGUAGE_DIR, type Language, standardText } from '../src/text/language-data.js';
import { PhraseList } from '../src/text/phrase-list.js';
import { fold } from '../src/text/normalize.js';
import { countryOf, isCommonWord, isNationality, listedChoices, stemsOf, terms, withoutFillerPhrases, withoutGluedElision, words } from '../src/text/tokens.js';
import { SpellingIndex, editDistance } from '../src/text/typos.js';

// Every language rule of the engine, one table each: what a rule does to a given input, in both languages.

describe('stemming (Snowball, French and English)', () => {
  const cases: [string, string[]][] = [
    ['fondateurs', ['fondateur']],
    ['fondé', ['fond', 'fonded']],
    ['datacenters', ['datacent', 'datacenter']],
    ['companies', ['compani', 'company']],
    ['expanding', ['expand']],
    ['2016', ['2016']],
  ];
  it.each(cases)('%s → %j', (word, expected) => {
    const stems = stemsOf(words(word)[0]!);
    expect(stems.some((s) => expected.includes(s)), `${word}: ${stems.join(',')}`).toBe(true);
  });
});

describe('tokens and content terms', () => {
  const cases: [string, string[]][] = [
    ['Qu’est-ce que l’open source ?', ['open', 'source']],
    ['the start-ups of China', ['start', 'ups', 'startups', 'china']],
    ['a-t-il été créé ?', ['cree']],
    ['hey guys quick question who started alibaba lol', ['started', 'alibaba']],
    ['c koi cloud foundry stp', ['cloud', 'foundry']],
    ['pk la boite a fait ça', ['entreprise']],
  ];
  it.each(cases)('%s → %j', (text, expected) => {
    expect(terms(text).map((t) => t.word)).toEqual(expected);
  });
});

describe('casual spellings made standard', () => {
  const cases: [string, 'fr' | 'en', string][] = [
    ['c koi cloud foundry', 'fr', "c'est quoi cloud foundry"],
    ['pk alibaba rejoint cf ?', 'fr', 'pourquoi alibaba rejoint cf'],
    ['ki a cree alibaba, cb de datacenters', 'fr', "qui a cree alibaba combien de datacenters"],
    ['whats cloud foundry', 'en', 'what is cloud foundry'],
    ['who r u', 'en', 'who are you'],
    ['la transfo numerik des boites', 'fr', 'la transformation numerique des entreprises'],
    ['kelke applis dispo', 'fr', 'quelque applications disponible'],
    ['which apps do devs prolly use', 'en', 'which applications do developers probably use'],
    ['kes qui se passe', 'fr', "qu'est-ce qui se passe"],
    ['qqn sait cmt ca marche', 'fr', "quelqu'un sait comment ca marche"],
    ['askip ils ont un datacenter', 'fr', 'il parait ils ont un datacenter'],
    ['what r ppl tryna do', 'en', 'what are people trying to do'],
    ['cette asso avec cloud foundry', 'fr', 'cette association avec cloud foundry'],
  ];
  it.each(cases)('%s (%s) → %s', (text, lang, expected) => {
    expect(standardText(text, [lang])).toBe(expected);
  });
});

describe('language of a question, casual text included', () => {
  const cases: [string, 'fr' | 'en' | undefined][] = [
    ['c koi cloud foundry', 'fr'],
    ['pk alibaba rejoint cloud foundry ?', 'fr'],
    ['ok merci !', 'fr'],
    ['Qui a fondé Alibaba ?', 'fr'],
    ['qui a fonde alibaba', 'fr'],
    ['who started alibaba?', 'en'],
    ['whats cloud foundry lol', 'en'],
    ['thx', 'en'],
    ['alibaba cloud 2016', undefined],
    ['Cloud Foundry ?', undefined],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    const detected = detectLanguage(text, 'en');
    if (expected === undefined) expect(detected.confident).toBe(false);
    else expect(detected).toEqual({ language: expected, confident: true });
  });
});

describe('phrase lists', () => {
  const list = new PhraseList(['^qui', 'qui a', 'quelle annee']);
  const cases: [string, boolean][] = [
    ['qui dirige cloud foundry', true],
    ['le projet qui aide les entreprises', false],
    ['la firme qui a integre cloud foundry', true],
    ['en quelle annee', true],
    ['quelle anneeX', false],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    expect(list.in(text)).toBe(expected);
  });

  // Questions are matched as standard text (letters, digits, apostrophes, hyphens, single spaces): an entry with
  // other marks ("tl;dr") could never match. "^" and "$" anchor a phrase.
  const entries = LANGUAGES.flatMap((lang) => {
    const file = JSON.parse(readFileSync(path.join(LANGUAGE_DIR, `${lang}.json`), 'utf8')) as Record<string, unknown>;
    const phrases = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(phrases) : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...phrases(v)]) : [];
    return Object.entries(file)
      .filter(([key]) => !['language', 'about', 'stemmer'].includes(key))
      .flatMap(([key, value]) => phrases(value).map((phrase) => [lang, key, phrase] as const));
  });
  it.each(entries)('%s %s: “%s” is written as questions are read', (_lang, _list, phrase) => {
    expect(phrase).toMatch(/^\^?[\p{L}\p{N}'’-]+(?: [\p{L}\p{N}'’-]+)*\$?$/u);
  });

  // "ou$": casual French closes with "où" ("ils sont où"); inside a question "ou" is "or".
  const closing = new PhraseList(['ou$', 'ou sont']);
  const closingCases: [string, string[]][] = [
    ['ils ont des bureaux ou', ['ou']],
    ['ils ont des bureaux ou ?', ['ou']],
    ['ou sont les bureaux', ['ou sont']],
    ['web ou mobile', []],
  ];
  it.each(closingCases)('%s → %j', (text, expected) => {
    expect(closing.found(text)).toEqual(expected);
    expect(closing.in(text)).toBe(expected.length > 0);
  });
});

describe('typo tolerance', () => {
  const distances: [string, string, number][] = [
    ['alibba', 'alibaba', 1],
    ['childrs', 'childers', 1],
    ['reserach', 'research', 1],
    ['clound', 'cloud', 1],
    ['kitten', 'sitting', 3],
  ];
  it.each(distances)('edit distance %s ↔ %s = %i', (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
  });

  const index = new SpellingIndex(['alibaba', 'childers', 'research', 'commerce', 'cloud', 'fast', 'cest'], new Set(['alibaba', 'childers', 'cloud']));
  const corrections: [string, string | undefined][] = [
    ['alibba', 'alibaba'],
    ['childrs', 'childers'],
    ['reserach', 'research'],
    ['ecommerce', 'commerce'],
    // A short word one edit from a common one is another real word, not a typo.
    ['last', undefined],
    ['cost', undefined],
    ['zzzzzzzz', undefined],
  ];
  it.each(corrections)('%s → %s', (word, expected) => {
    expect(index.correct(word)).toBe(expected);
  });

  // Towards the words of names alone, whatever else is known: a member's misspelling of a name is one.
  const towardsNames: [string, string | undefined][] = [
    ['alibabba', 'alibaba'],
    ['childres', 'childers'],
    ['cloud', 'cloud'],
    ['reserach', undefined],
    ['fest', undefined],
    ['clo', undefined],
  ];
  it.each(towardsNames)('%s → the name word %s', (word, expected) => {
    expect(index.nameNear(word)).toBe(expected);
  });
});

describe('French elisions typed without their apostrophe', async () => {
  const glued: [string, string | undefined][] = [
    ['lannee', 'annee'],
    ['dalibaba', 'alibaba'],
    ['quavec', 'avec'],
    ['jusquici', 'ici'],
    ['lhistoire', 'histoire'],
    // A consonant follows: no elision there.
    ['lundi', 'undi'],
    ['tres', undefined],
    ['cloud', undefined],
    // Too little is left to be a word.
    ['la', undefined],
  ];
  it.each(glued)('%s → %s', (word, expected) => {
    expect(withoutGluedElision(word)).toBe(expected);
  });

  const lexicon = new ArticleLexicon(await loadArticle());
  // Unglued only when the word after the particle is one the article knows (or a function word).
  const cases: [string, string[]][] = [
    ['c koi lannee de creation d alibaba', []],
    ['cloud foundry aide lentreprise ?', []],
    ['alibaba a fait ca lundi ?', ['lundi']],
  ];
  it.each(cases)('%s → unknown %j', (question, expected) => {
    expect(analyseQuestion(question, lexicon, { defaultLanguage: 'fr' }).unknownWords).toEqual(expected);
  });
});

/** An article of one paragraph, with members' questions (the anticipated ones pointing at its first sentence): for the lexicon's rules. */
function oneParagraphArticle(text: string, language: Language, anticipated: readonly string[] = [], unanswered: readonly string[] = []): Article {
  return {
    id: 'x', dir: '.', title: 'T', source: '', titles: ['T'], language, hash: 'h', files: { anticipated: 'a', unanswered: 'u' },
    passages: [{ id: 'p1', paragraph: 1, section: 'T', label: 'p1', text, lang: language, translated: false }],
    anticipated: anticipated.map((q) => ({ lang: language, q, answers: [{ passageId: 'p1', sentence: 0 }] })),
    unanswered: unanswered.map((q) => ({ lang: language, q })),
  };
}

// The article's own words: its anticipated questions hold members' misspellings ("Jack Mma") as they typed them.
const ownWordsOnly = async () => new ArticleLexicon({ ...(await loadArticle()), anticipated: [] });

describe('typos in the short words of a name', async () => {
  const lexicon = await ownWordsOnly();
  const cases: [string, string | undefined, string[]][] = [
    ['Jack Mma a cree alibaba avec qui ?', 'jack ma', []],
    ['c qui Peng Lee ?', 'peng lei', []],
    // Two edits from the name: another person.
    ['was it Jack Smith who founded Alibaba?', undefined, ['Jack Smith']],
  ];
  it.each(cases)('%s names %s, unknown names %j', (question, name, unknownNames) => {
    const analysed = analyseQuestion(question, lexicon, { defaultLanguage: 'en' });
    if (name) expect(analysed.names).toContain(name);
    expect(analysed.unknownNames).toEqual(unknownNames);
  });
});

describe('a name typed with a space too many or too few', async () => {
  const lexicon = await ownWordsOnly();
  const cases: [string, string[], { from: string; to: string }[]][] = [
    ['ali baba cloud sa date de kan ?', ['alibaba cloud'], [{ from: 'ali baba cloud', to: 'alibaba cloud' }]],
    ['c quoi cloudfoundry', ['cloud foundry'], [{ from: 'cloudfoundry', to: 'cloud foundry' }]],
    ['who is jackma', ['jack ma'], [{ from: 'jackma', to: 'jack ma' }]],
    // Nine letters and more may also hold a typo.
    ['cloudfoudry c quoi', ['cloud foundry'], [{ from: 'cloudfoudry', to: 'cloud foundry' }]],
    // Shorter, the letters must be the name's: "ali bab" is no name.
    ['ali bab', [], []],
    // Words the article uses are not a name split in two.
    ['open source en chine', ['chine'], []],
  ];
  it.each(cases)('%s names %j', (question, names, corrections) => {
    const analysed = analyseQuestion(question, lexicon, { defaultLanguage: 'fr' });
    expect(analysed.names).toEqual(names);
    expect(analysed.corrections).toEqual(corrections);
  });
});

describe('a question that only names subjects asks how they stand to each other', async () => {
  const lexicon = new ArticleLexicon(await loadArticle());
  const cases: [string, boolean][] = [
    ['alibaba cloud + cloud foundry?', true],
    ['alibaba cloud et cloud foundry, ya quoi entre les deux ?', true],
    ['Chip Childers et Cloud Foundry ?', true],
    // One subject asks what it is; a word asked of them, or a kind of answer, asks that.
    ['cloud foundry ?', false],
    ['alibaba cloud a intégré cloud foundry ?', false],
    ['quand alibaba cloud et cloud foundry ?', false],
  ];
  it.each(cases)('%s → %s', (question, expected) => {
    expect(namesOnly(analyseQuestion(question, lexicon, { defaultLanguage: 'fr' }))).toBe(expected);
  });
});

describe('lists of choices', () => {
  const alternative = (w: string) => w === 'or' || w === 'ou';
  const cases: [string, string][] = [
    ['is it SaaS, PaaS or IaaS', 'is it SaaS or PaaS or IaaS'],
    ["IaaS, PaaS ou SaaS : quel type d'offre", "IaaS ou PaaS ou SaaS : quel type d'offre"],
    ['SaaS, PaaS, or IaaS?', 'SaaS or PaaS or IaaS?'],
    // A list closed by "and" offers no choice; a comma alone makes no list.
    ['Alibaba, Tencent and Baidu', 'Alibaba, Tencent and Baidu'],
    ['hey, who founded it', 'hey, who founded it'],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    expect(listedChoices(text, alternative)).toBe(expected);
  });
});

describe('choices the article does not hold', async () => {
  const lexicon = new ArticleLexicon(await loadArticle());
  // The words of a question read as unknown: a choice offered beside one the article holds is set aside.
  const cases: [string, string[]][] = [
    ['une évidence ou un pari risqué pour cloud foundry ?', []],
    ['are they competing with european or american firms', []],
    // Each choice of a list is weighed like the last.
    ['is CF a SaaS, PaaS or IaaS', []],
    // Neither choice is the article's: both stay unknown, and the question is refused.
    ['le deal a été signé en janvier ou en février ?', ['signe', 'janvier', 'fevrier']],
    ['alibaba vend des voitures ou des vêtements ?', ['voitures', 'vetements']],
    // The article's own subject compared with another: nothing is set aside. (Not Amazon: members' questions the
    // article answers compare Alibaba with it, which makes it a word they use for what the article says.)
    ['which is bigger, alibaba or google?', ['google']],
  ];
  it.each(cases)('%s → unknown %j', (question, expected) => {
    expect(analyseQuestion(question, lexicon, { defaultLanguage: 'en' }).unknownWords).toEqual(expected);
  });

  it('does not take a choice set aside for a name the article lacks', () => {
    expect(analyseQuestion("IaaS, PaaS ou SaaS : quel type d'offre Cloud Foundry propose-t-il ?", lexicon, { defaultLanguage: 'fr' }).unknownNames).toEqual([]);
  });
});

describe('asking which agents of a kind wants their names', () => {
  const cases: [string, 'fr' | 'en', string[]][] = [
    ['which company joined the project', 'en', ['which', 'company']],
    ['which american cloud providers did they list', 'en', ['which', 'american', 'cloud', 'providers']],
    ['what are the big names', 'en', ['what', 'are', 'the', 'big', 'names']],
    ['quels sont les grands noms americains', 'fr', ['quels', 'sont', 'les', 'grands', 'noms']],
    ['quelles start-ups chinoises contribuent', 'fr', ['quelles', 'start', 'ups', 'startups']],
    // A function word in between: "what" asks something else.
    ['what did the big names say', 'en', []],
    // Too far from the asker, or not a kind of agent.
    ['which very large new cloud providers', 'en', []],
    ["quel type d'offre propose le projet", 'fr', []],
  ];
  it.each(cases)('%s (%s) → %j', (text, lang, expected) => {
    expect(namedKindAsked(text, lang)).toEqual(expected);
  });
});

describe('answer types of a question', async () => {
  const lexicon = await ownWordsOnly();
  const cases: [string, string[]][] = [
    ['Quand Alibaba a-t-il été créé ?', ['year']],
    ['kan alibaba a ete cree', ['year']],
    ['combien de datacenters ?', ['quantity']],
    ['cb de datacenters', ['quantity']],
    ['who started alibaba?', ['person']],
    ['hey who started alibaba', ['person']],
    ['c qui le cto de cloud foundry', ['person']],
    ['Quelles villes ont des datacenters Alibaba ?', ['place']],
    // "Où ça ?" closes a question; inside one, "ou" is "or".
    ['datacenters alibaba cloud, ou ça ?', ['place']],
    ['alibaba cloud il continue de grossir ou ca stagne', []],
    ['where are the datacenters', ['place']],
    ['pk alibaba rejoint cloud foundry', ['reason']],
    ['c koi cloud foundry', ['definition']],
    ["Qu'a dit le CTO ?", ['statement']],
    ['what did the cto say', ['statement']],
    ['alibaba fondée quand et par qui', ['year', 'person']],
    // "Which company" asks for a name, like "who".
    ['which company joined cloud foundry', ['person']],
    ['quelle boîte a rejoint cloud foundry', ['person']],
    ['Which American cloud providers did Synergy list?', ['person']],
    ['Quels sont les grands noms américains du cloud ?', ['person']],
    // "What is X" asks to define a short subject; a longer "what is…" asks something else of it.
    ['what is platform as a service', ['definition']],
    ['c koi l argument de childers sur les entreprises chinoises', []],
    // The article, or someone the member heard, named as where a claim comes from: nobody quoted is asked about.
    ['Does the article say Alibaba Cloud is still growing?', []],
    ["L'article dit-il qu'Alibaba Cloud grandit encore ?", []],
    ['someone told me open source is dying in china, true?', []],
    ["on m'a dit qu'alibaba cloud grandit, c'est vrai ?", []],
    ['what did the cto say, according to the article', ['statement']],
    ["selon l'article, qu'a dit Chip Childers ?", ['statement']],
    // A request for the gist asks for no kind of answer.
    ['c quoi la news avec alibaba cloud', []],
    ['alibaba cloud 2016', []],
    // A year the article never gives, beside a word it uses, is the member's guess at a date: it asks when.
    ['alibaba cloud launched in 2014, right?', ['year']],
    ["jack ma a créé alibaba en 1998 c'est ça ?", ['year']],
    // A question that asks something else keeps its kind; a year alone beside a name asks nothing the article tells.
    ['who founded alibaba in 1998?', ['person']],
    ['alibaba in 2014?', []],
  ];
  it.each(cases)('%s → %j', (question, expected) => {
    expect(analyseQuestion(question, lexicon, { defaultLanguage: 'en' }).answerTypes).toEqual(expected);
  });

  it('reads typos against the article’s names and leaves unknown words unknown', () => {
    const analysed = analyseQuestion('Qui sont les fondateur d’Alibba ?', lexicon, { defaultLanguage: 'en' });
    expect(analysed.corrections).toEqual([{ from: 'alibba', to: 'alibaba' }]);
    expect(analysed.names).toContain('alibaba');
    expect(analyseQuestion("what's alibaba's revenue", lexicon, { defaultLanguage: 'en' }).unknownWords).toEqual(['revenue']);
    expect(analyseQuestion('Does Alibaba compete with AWS?', lexicon, { defaultLanguage: 'en' }).unknownNames).toEqual(['AWS']);
  });

  it.each([
    ['alibaba cloud launched in 2014, right?', []],
    ['who founded alibaba in 1998?', []],
    // Alone with a name, or beside a word the article never uses, the year stays unknown.
    ['alibaba in 2014?', ['2014']],
    ["c'est quoi le chiffre d'affaires d'alibaba en 2018", ['chiffre', 'affaires', '2018']],
  ])('a guessed year is no unknown topic: %s → %j', (question, unknown) => {
    expect(analyseQuestion(question, lexicon, { defaultLanguage: 'en' }).unknownWords).toEqual(unknown);
  });
});

describe('where a claim comes from is no topic of the question', async () => {
  const lexicon = await ownWordsOnly();
  const cases: [string, string, boolean][] = [
    ['someone told me open source is dying in china, true?', 'told', false],
    ['I heard alibaba cloud has servers in tokyo', 'heard', false],
    ['per the article, who founded alibaba?', 'article', false],
    ["j'ai entendu dire qu'alibaba cloud a des datacenters à Tokyo", 'entendu', false],
    ["L'article dit-il qu'Alibaba Cloud grandit encore ?", 'dit', false],
    // Said by someone of the article, it is what is asked.
    ["qu'a dit Chip Childers ?", 'dit', true],
    ["j'ai cru lire qu'alibaba cloud a des datacenters à Tokyo", 'lire', false],
  ];
  it.each(cases)('%s: “%s” is a term: %s', (question, word, expected) => {
    expect(analyseQuestion(question, lexicon, { defaultLanguage: 'en' }).terms.some((t) => t.word === word)).toBe(expected);
  });
});

describe('what “how many” counts', async () => {
  const lexicon = await ownWordsOnly();
  const cases: [string, string[], boolean][] = [
    ['how many years between alibaba founding and its cloud start?', ['years'], true],
    ['combien de temps entre 1999 et 2009', ['temps'], true],
    ['how many data centers does alibaba have', ['data', 'centers'], false],
    ['combien de fournisseurs chinois ?', ['fournisseurs', 'chinois'], false],
    // An elided "combien d'" names what follows it as well.
    ["combien d'années entre la création d'alibaba et son cloud", ['annees'], true],
    ["combien d'entreprises chinoises passent au numérique", ['entreprises', 'chinoises'], false],
    // Nothing named after it: any count answers.
    ['top how many did synergy put them in', [], false],
    ['that ranking, alibaba cloud was in the top how many?', [], false],
  ];
  it.each(cases)('%s counts %j (time: %s)', (question, counted, time) => {
    const analysed = analyseQuestion(question, lexicon, { defaultLanguage: 'en' });
    expect(analysed.counted).toEqual(counted);
    expect(countsTime(analysed.counted)).toBe(time);
  });

  const founded = 'Founded in 1999 by Jack Ma and Peng Lei, the group is one of the largest.';
  const base = { questionWords: new Set(['alibaba']), language: 'en' as const, properNames: new Set<string>(), sharedNameWords: new Set<string>() };
  const answered: [string, { counted: string[]; duration: boolean }, boolean][] = [
    // Counting years is answered by the dates a sentence gives; counting offices is not.
    [founded, { counted: ['years'], duration: true }, true],
    [founded, { counted: ['offices'], duration: false }, false],
    ['The group launched its cloud.', { counted: ['years'], duration: true }, false],
  ];
  it.each(answered)('“%s” answers %j: %s', (sentence, counting, expected) => {
    expect(satisfies('quantity', sentence, 'en', { ...base, ...counting })).toBe(expected);
  });
});

describe('what a sentence answers', () => {
  const context = { questionWords: new Set(['alibaba', 'founded', 'cto', 'childers', 'chip']), counted: ['providers'], language: 'en' as const, properNames: new Set(['jack', 'ma', 'peng', 'lei', 'synergy', 'research', 'chip', 'childers', 'alibaba']), sharedNameWords: new Set<string>() };
  const sentence = 'Founded in 1999 by Jack Ma and Peng Lei, the Chinese group Alibaba is one of the largest.';
  it('finds years, counts, places and people', () => {
    expect(years(sentence)).toEqual(['1999']);
    expect(years('In 20160 units')).toEqual([]);
    expect(counts('ranked among the five fastest providers', context)).toEqual(['five fastest providers']);
    expect(counts('five cities', context)).toEqual([]);
    // A number in words after figures is one amount, not two.
    expect(counts('estimated at about 400 million euros, was paid', { ...context, counted: [] })).toEqual(['400 million euros']);
    expect(places('Some are located in Dubai, in Tokyo and in Japan.', 'en', context)).toEqual(['Dubai', 'Tokyo', 'Japan']);
    expect(places('Certains sont localisés à Dubaï, à Tokyo et au Japon.', 'fr', context)).toEqual(['Dubaï', 'Tokyo', 'Japon']);
    // "Chinese" is capitalised in English, but the article's own text does not write it as a name.
    expect(leadingPeople(sentence, context)).toEqual(['Jack Ma', 'Peng Lei']);
  });

  const kinds: [string, string, boolean][] = [
    ['year', sentence, true],
    ['year', 'The group launched Alibaba Cloud.', false],
    // A time word dates it without a year: "when" is answered ("recently").
    ['year', 'At that time, the group launched Alibaba Cloud.', true],
    ['year', 'Recently, the Chinese firm joined the project.', true],
    ['person', sentence, true],
    // A group answers "who" ("who uses it?"), unless the names of the group are wanted (see below).
    ['person', 'Many companies already use this software.', true],
    ['person', 'The companies use this software.', false],
    ['statement', 'According to Chip Childers, CTO of Cloud Foundry, his firm expects more.', true],
    ['statement', 'Many companies already use this software.', false],
    ['definition', 'Alibaba is a large group.', true],
    ['definition', 'According to Chip Childers, CTO of Cloud Foundry, his firm expects more.', true],
    ['definition', 'Many companies already use this software.', false],
  ];
  it.each(kinds)('%s in “%s” → %s', (type, text, expected) => {
    expect(satisfies(type as never, text, 'en', context)).toBe(expected);
  });

  it('leads a "who is X" answer with nothing, the sentence says what X is; "who founded X" with the names', () => {
    const text = 'According to Chip Childers, CTO of Cloud Foundry, his firm expects more.';
    expect(definesSubject(text, context)).toBe(true);
    expect(answerSpan('person', text, 'en', { ...context, asksIdentity: true })).toEqual([]);
    const founded = 'Founded in 1999 by Jack Ma and Peng Lei, Alibaba is one of the largest.';
    expect(definesSubject(founded, context)).toBe(true);
    expect(answerSpan('person', founded, 'en', { ...context, asksIdentity: false })).toEqual(['Jack Ma', 'Peng Lei']);
  });
});

describe('the parts of a message that asks several things', () => {
  const cases: [string, string[]][] = [
    ['c quoi la plateforme et qui est son fondateur ?', ['c quoi la plateforme', 'qui est son fondateur']],
    ['who founded the firm? and what did its CTO say?', ['who founded the firm', 'what did its CTO say']],
    ['quand la firme a été créée, et où sont ses bureaux ?', ['quand la firme a été créée', 'où sont ses bureaux']],
    // Too short to stand alone: one question asking two kinds of answer.
    ['qui a fondé la firme et quand ?', ['qui a fondé la firme et quand ?']],
    ['how and when did the firm start', ['how and when did the firm start']],
    // "et", "and" inside one question join words, not questions.
    ['la firme vend sur le web et sur mobile ?', ['la firme vend sur le web et sur mobile ?']],
    ['what is the link between the firm and the project', ['what is the link between the firm and the project']],
  ];
  it.each(cases)('%s → %j', (text, expected) => {
    expect(questionParts(text)).toEqual(expected);
  });

  const leaning: [string, boolean][] = [
    ['qui est son fondateur', true],
    ['and what about the CTO', true],
    ["c'est quoi la plateforme", false],
    ['who founded the firm', false],
  ];
  it.each(leaning)('%s leans on what came before → %s', (text, expected) => {
    expect(leansOnPrevious(text)).toBe(expected);
  });
});

describe('phrases that only carry the sentence', () => {
  const cases: [string, 'fr' | 'en' | undefined, string][] = [
    ['les boites sont en train de faire quoi', 'fr', 'les boites sont    faire quoi'],
    ['au niveau mondial elle pese combien', 'fr', '  mondial elle pese combien'],
    ['c quoi en gros', 'fr', 'c quoi  '],
    // "gros" alone is a word of the question.
    ['une grosse boite', 'fr', 'une grosse boite'],
    ['est-ce que la firme grandit', 'fr', '   la firme grandit'],
    ['is it kind of big or what', 'en', 'is it   big  '],
    ['la firme grandit ou pas', 'fr', 'la firme grandit  '],
    ['a lot of firms', undefined, '   firms'],
    ['is it true jack ma founded it alone', 'en', '   jack ma founded it alone'],
    ['did it join or nah', 'en', 'did it join  '],
    ['il fait quoi dans la vie', 'fr', 'il fait quoi   '],
    // "vie" alone is a word of the question.
    ['la vie des entreprises', 'fr', 'la vie des entreprises'],
    // "train" alone names a topic.
    ['which train goes there', 'en', 'which train goes there'],
    ["c vrai ? j'ai un doute", 'fr', 'c vrai   '],
    ["alibaba cloud a un datacenter a tokyo, vrai ou fake", 'fr', 'alibaba cloud a un datacenter a tokyo   '],
    ['fr fr they have a dc in tokyo', 'en', '  they have a dc in tokyo'],
    ['claim check: it began in 2019', 'en', '  it began in 2019'],
    ["les attentes a l'egard d'alibaba", 'fr', 'les attentes   alibaba'],
    ['what does it do, in plain words', 'en', 'what does it do   '],
  ];
  it.each(cases)('%s (%s) → %s', (text, lang, expected) => {
    expect(withoutFillerPhrases(words(text), lang).join(' ')).toBe(expected);
  });
});

describe('which names of a sentence are new to the question', () => {
  // The article's names: "acme cloud", "cloud labs", "synergy research", "jack ma"; "cloud" is in two of them.
  const context = {
    language: 'en' as const,
    properNames: new Set(['acme', 'cloud', 'labs', 'synergy', 'research', 'jack', 'ma']),
    sharedNameWords: new Set(['cloud']),
  };
  const cases: [string, string[], string, string[]][] = [
    // A shared word alone mentions neither name: "Acme Cloud" answers who put Cloud Labs in "their cloud".
    ['who put cloud labs in their cloud', ['cloud', 'labs'], 'Acme Cloud keeps growing.', ['Acme Cloud']],
    // A word only one name has mentions it: "Synergy Research" is no answer to a question about Synergy's list.
    ['who is alongside acme in the synergy list', ['alongside', 'acme', 'synergy', 'list'], 'It was ranked by Synergy Research with Jack Ma.', ['Jack Ma']],
    // Every word of it.
    ['who founded acme cloud', ['founded', 'acme', 'cloud'], 'Jack Ma founded Acme Cloud.', ['Jack Ma']],
    // A sentence's first word is a name when the article writes it as one elsewhere; "Since" is not.
    ['who joined cloud labs', ['joined', 'cloud', 'labs'], 'Acme Cloud joined Cloud Labs.', ['Acme Cloud']],
    ['who joined cloud labs', ['joined', 'cloud', 'labs'], 'Since then, Cloud Labs has grown.', []],
  ];
  it.each(cases)('%s: in “%s”… → %j', (_question, questionWords, sentence, expected) => {
    expect(newNames(sentence, { ...context, questionWords: new Set(questionWords) })).toEqual(expected);
  });
});

describe('a group of a kind of agent answers “who”, not “which ones”', () => {
  const cases: [string, 'fr' | 'en', string[]][] = [
    ['De nombreuses sociétés se servent déjà de ce logiciel.', 'fr', ['nombreuses sociétés']],
    ['Beaucoup d’entreprises en Chine commencent.', 'fr', ['Beaucoup d’entreprises']],
    ['Many start-ups are now trying to contribute.', 'en', ['Many start-ups']],
    ['Several big providers joined.', 'en', ['Several big providers']],
    // A quantity of something that is no agent, or an agent with no quantifier, is no group.
    ['La firme a plusieurs bureaux.', 'fr', []],
    ['The companies use it.', 'en', []],
  ];
  it.each(cases)('“%s” (%s) → %j', (sentence, lang, expected) => {
    expect(groups(sentence, lang)).toEqual(expected);
  });

  const context = { questionWords: new Set(['use']), language: 'en' as const, properNames: new Set<string>(), sharedNameWords: new Set<string>() };
  it.each([
    [false, true],
    [true, false],
  ])('names wanted %s → “Many companies already use it.” answers: %s', (namesWanted, expected) => {
    expect(satisfies('person', 'Many companies already use it.', 'en', { ...context, namesWanted })).toBe(expected);
  });
  // A group named by its country answers "who" too ("ranked beside the big American names"), unless the question gives that country.
  it.each([
    ['Ranked beside the big American names.', [], false, true],
    ['Classé aux côtés des grands noms américains.', [], false, true],
    ['Ranked beside the big American names.', [], true, false],
    ['Ranked beside the big American names.', ['american'], false, false],
    ['Classé aux côtés des grands noms chinois.', ['chine'], false, false],
    ['Ranked beside the biggest names.', [], false, false],
  ] as [string, string[], boolean, boolean][])('“%s” (question words %j, names wanted %s) answers “who”: %s', (sentence, questionWords, namesWanted, expected) => {
    expect(satisfies('person', sentence, 'en', { ...context, questionWords: new Set(questionWords), namesWanted })).toBe(expected);
  });
  it.each([
    ['who uses it', false],
    ['which companies use it', true],
    ['quelles entreprises l’utilisent', true],
    ['qui l’utilise', false],
  ])('“%s” wants names: %s', async (question, expected) => {
    const lexicon = await ownWordsOnly();
    expect(analyseQuestion(question, lexicon, { defaultLanguage: 'en' }).namesWanted).toBe(expected);
  });
});

describe('a sentence that calls its subject by its kind refers to a name before it', () => {
  const isName = (word: string) => ['acme', 'globex', 'labs'].includes(word);
  const cases: [string, 'fr' | 'en', boolean][] = [
    ['Récemment, la firme chinoise a intégré le projet.', 'fr', true],
    ['L’entreprise a démenti.', 'fr', true],
    ['Cette société a été rachetée en 2010.', 'fr', true],
    ['Recently, the Chinese firm joined the project.', 'en', true],
    ['This company was bought in 2010.', 'en', true],
    // A name beside the kind names it there and then.
    ['Le groupe Acme est très grand.', 'fr', false],
    ['The Acme group is one of the largest.', 'en', false],
    // Indefinite, possessive or plural: no one in particular, or not one subject.
    ['Rejoindre une société comme Globex est une évidence.', 'fr', false],
    ['Sa firme s’attend à plus.', 'fr', false],
    ['Les entreprises développent leurs logiciels.', 'fr', false],
    ['Many companies already use this software.', 'en', false],
    // "that" is a conjunction too often to point back.
    ['He stressed that many companies are moving.', 'en', false],
  ];
  it.each(cases)('“%s” (%s) → %s', (sentence, lang, expected) => {
    expect(refersByKind(sentence, lang, isName)).toBe(expected);
  });
});

describe('a quoted speaker is not who did what the sentence tells', () => {
  const properNames = new Set(['marie', 'dupont', 'cto', 'acme', 'labs', 'globex', 'paul', 'martin']);
  const base = { language: 'fr' as const, properNames, sharedNameWords: new Set<string>() };
  const fr = 'D’après Marie Dupont, CTO d’Acme Labs, Globex deviendra un partenaire actif.';
  const en = 'According to Marie Dupont, CTO of Acme Labs, Globex will become an active partner.';
  const founded = 'Créée par Paul Martin, Globex grandit vite.';
  const cases: [string, string, { questionWords: string[]; subjects: string[]; asksSpeaker?: boolean }, string[]][] = [
    // "Who runs Globex?": the speaker and what she is called (CTO of another firm) answer nothing.
    ['qui dirige globex', fr, { questionWords: ['dirige', 'globex'], subjects: ['globex'] }, []],
    ['who runs globex', en, { questionWords: ['runs', 'globex'], subjects: ['globex'] }, []],
    // The question names what the sentence calls her: she answers it.
    ["qui est le cto d'acme labs", fr, { questionWords: ['cto', 'acme', 'labs'], subjects: ['cto', 'acme labs'] }, ['Marie Dupont', 'Globex']],
    ['who is the tech boss at acme labs', en, { questionWords: ['tech', 'boss', 'acme', 'labs'], subjects: ['acme labs'] }, ['Marie Dupont', 'CTO', 'Globex']],
    // Asked who said it: the speaker answers.
    ['qui a dit ça', fr, { questionWords: ['globex'], subjects: ['globex'], asksSpeaker: true }, ['Marie Dupont', 'CTO', 'Acme Labs']],
    // No "d'après": the name is who did it.
    ['qui a créé globex', founded, { questionWords: ['cree', 'globex'], subjects: ['globex'] }, ['Paul Martin']],
  ];
  it.each(cases)('%s in “%s” → %j', (_q, sentence, { questionWords, subjects, asksSpeaker }, expected) => {
    expect(people(sentence, { ...base, questionWords: new Set(questionWords), subjects, asksSpeaker })).toEqual(expected);
  });

  const closes: [string, string, boolean][] = [
    ['fr', 'toujours d’après ', true],
    ['fr', 'selon', true],
    ['fr', 'selon lui, ', false],
    ['en', 'still according to ', true],
    ['en', 'according to him ', false],
  ];
  it.each(closes)('%s: “%s” hands over to a speaker → %s', (lang, text, expected) => {
    expect(KNOWLEDGE[lang as 'fr' | 'en'].speakerIntroducers.closes(fold(text))).toBe(expected);
  });
});

describe('follow-ups and back references', () => {
  const history = [{ question: 'Who founded Alibaba?' }];
  const cases: [string, boolean][] = [
    ['And when?', true],
    ['et quand ?', true],
    ['what about its datacenters', true],
    ['Where are Alibaba Cloud’s data centers located today?', false],
  ];
  it.each(cases)('%s leans on the previous question: %s', (question, leans) => {
    expect(resolveFollowUp(question, history) !== question).toBe(leans);
  });

  const references: [string, 'fr' | 'en', boolean][] = [
    ['À cette époque, le groupe avait lancé Alibaba Cloud.', 'fr', true],
    ['At that time, the group launched Alibaba Cloud.', 'en', true],
    ['Alibaba Cloud ne cesse d’élargir son influence.', 'fr', false],
  ];
  it.each(references)('“%s” refers back: %s', (sentence, lang, expected) => {
    expect(KNOWLEDGE[lang].backReferences.opens(words(sentence).join(' '))).toBe(expected);
  });
});

describe('time words answer “when” in each language', () => {
  const cases: ['fr' | 'en', string, boolean][] = [
    ['fr', 'Récemment, la firme a rejoint le projet.', true],
    ['fr', 'À cette époque, le groupe avait lancé son offre.', true],
    ['fr', 'La firme a rejoint le projet.', false],
    ['en', 'Lately the firm joined the project.', true],
    ['en', 'The firm joined the project.', false],
  ];
  it.each(cases)('%s: “%s” dates something: %s', (lang, sentence, expected) => {
    expect(KNOWLEDGE[lang].timeExpressions.in(words(sentence).join(' '))).toBe(expected);
  });
});

describe('a request for a precise date is not answered by a vague time word', async () => {
  const lexicon = new ArticleLexicon(await loadArticle());
  const cases: [string, boolean, 'fr' | 'en', string, boolean][] = [
    ['quand cloud foundry a été intégré ?', false, 'fr', 'Récemment, la firme a intégré le projet.', true],
    ['c quand exactement que cloud foundry a ete integre', true, 'fr', 'Récemment, la firme a intégré le projet.', false],
    ["l'intégration s'est faite quel jour ?", true, 'fr', 'Récemment, la firme a intégré le projet.', false],
    ['what day did alibaba join cloud foundry', true, 'en', 'Recently the firm joined the project.', false],
    // A date is a date, asked precisely or not.
    ['when exactly did alibaba launch its cloud', true, 'en', 'In 2009 the group launched its cloud.', true],
  ];
  it.each(cases)('%s (precise: %s) is answered by “%s”: %s', (question, precise, lang, sentence, expected) => {
    const analysed = analyseQuestion(question, lexicon, { defaultLanguage: 'en' });
    expect(analysed.precise).toBe(precise);
    expect(analysed.answerTypes[0]).toBe('year');
    const context = { questionWords: new Set<string>(), language: lang, properNames: new Set<string>(), sharedNameWords: new Set<string>(), precise: analysed.precise };
    expect(satisfies('year', sentence, lang, context)).toBe(expected);
  });
});

describe('common words (stopwords-iso) in a question', async () => {
  const lexicon = new ArticleLexicon(await loadArticle());
  const isCommon: [string, boolean][] = [
    ['does', true],
    ['seulement', true],
    ['aussi', true],
    // Speech verbs are what "what did X say" is about: never set aside.
    ['dit', false],
    ['said', false],
    ['kubernetes', false],
  ];
  it.each(isCommon)('%s is a common word: %s', (word, expected) => {
    expect(isCommonWord(word)).toBe(expected);
  });

  const cases: [string, string, boolean][] = [
    // A common word the article never uses says nothing of the topic.
    ['Does Alibaba sell phones too?', 'does', false],
    ['Est-ce qu’Alibaba vend aussi sur mobile ?', 'aussi', false],
    // A common word the article itself uses stays a content word.
    ['what is the open source project', 'open', true],
    // A rare word the article never uses stays, as an unknown word.
    ['what’s alibaba’s revenue', 'revenue', true],
    ['Alibaba a dit quelque chose ?', 'dit', true],
  ];
  it.each(cases)('%s: “%s” kept as a term: %s', (question, word, kept) => {
    const analysed = analyseQuestion(question, lexicon, { defaultLanguage: 'en' });
    expect(analysed.terms.some((t) => t.word === word)).toBe(kept);
  });

  it('leaves a gap where a common word was, so the words around it do not make a name', () => {
    // "does" sits between "alibaba" and "cloud": set aside, it must not join them into another name.
    const analysed = analyseQuestion('so alibaba does cloud foundry now?', lexicon, { defaultLanguage: 'en' });
    expect(analysed.names).not.toContain('alibaba cloud');
    expect(analysed.names).toContain('cloud foundry');
  });

  it('does not take a capitalised common word for a name the article lacks', () => {
    expect(analyseQuestion('Does Alibaba sell phones too?', lexicon, { defaultLanguage: 'en' }).unknownNames).toEqual([]);
  });
});

describe('initials of the article’s names', async () => {
  const lexicon = new ArticleLexicon(await loadArticle());
  const cases: [string, string][] = [
    ['c koi CF', 'cloud foundry'],
    ['What is CF?', 'cloud foundry'],
    ['who is the cto of cf', 'cloud foundry'],
  ];
  it.each(cases)('%s names %s', (question, name) => {
    const analysed = analyseQuestion(question, lexicon, { defaultLanguage: 'en' });
    expect(analysed.names).toContain(name);
    expect(analysed.unknownNames).toEqual([]);
    expect(analysed.corrections).toContainEqual({ from: 'cf', to: name });
  });

  it('stand for a name only when no other name has them and the article does not use them as a word', () => {
    const acronyms = new ArticleLexicon(oneParagraphArticle('Then Acme Labs met Alpha Lima in Big Town. Nobody knew the Open Door Project. A door is odp.', 'en')).acronyms;
    expect(acronyms.get('al')).toBeUndefined();
    expect(acronyms.get('bt')).toBe('big town');
    expect(acronyms.get('odp')).toBeUndefined();
  });
});

describe('requests for the gist', async () => {
  const lexicon = new ArticleLexicon(await loadArticle());
  const cases: [string, boolean][] = [
    ['c quoi la news avec alibaba cloud', true],
    ['c koi la derniere news', true],
    ['tldr ?', true],
    ['tl;dr of the alibaba news?', true],
    ['news alibaba x cloud foundry ?? kes qui se passe', true],
    ['whats the big news about alibaba cloud', true],
    ['what is the article about', true],
    ['who founded alibaba', false],
    ['what is cloud foundry', false],
  ];
  it.each(cases)('%s asks for the gist: %s', (question, expected) => {
    expect(analyseQuestion(question, lexicon, { defaultLanguage: 'en' }).summary).toBe(expected);
  });
});

describe('a request for the gist of one topic is a question about that topic', () => {
  // The titles are what the gist of the whole article is about; a word of the text outside them scopes the request.
  const articles: Record<Language, Article> = {
    en: { ...oneParagraphArticle('Acme Labs was founded in 1990 by Ann Smith in Big Town. In 2010 Acme Labs opened offices in Oslo and Lima. Its engineers build solar panels for farms.', 'en'), titles: ['Acme Labs joins the Open Door Project'] },
    fr: { ...oneParagraphArticle('Acme Labs a été fondée en 1990 par Ann Smith à Big Town. En 2010, Acme Labs a ouvert des bureaux à Oslo et Lima. Ses ingénieurs fabriquent des panneaux solaires.', 'fr'), titles: ['Acme Labs rejoint le projet Open Door'] },
  };
  const cases: [Language, string, boolean][] = [
    ['en', 'tl;dr?', true],
    ['en', 'summarize the news about acme labs', true],
    // Words of the titles only: the whole article's gist.
    ['en', 'summary: acme labs joins the open door project', true],
    // Words the article never uses name no topic of it ("this whole thing").
    ['en', 'give me the gist of this whole thing', true],
    ['en', 'summarize the offices acme labs opened', false],
    ['en', 'in one line, what do its engineers build?', false],
    ['fr', 'résume le projet stp', true],
    ['fr', 'en une phrase, c quoi la nouvelle ?', true],
    ['fr', 'résume moi les bureaux ouverts par acme labs', false],
    ['fr', 'en deux mots, ses ingénieurs fabriquent quoi ?', false],
  ];
  it.each(cases)('(%s) %s asks for the whole article\'s gist: %s', (language, question, expected) => {
    const analysed = analyseQuestion(question, new ArticleLexicon(articles[language]), { defaultLanguage: language });
    expect(analysed.summary).toBe(expected);
    // Scoped or not, the words asking for a summary are no topic of the question.
    const asking = ['tl', 'dr', 'summarize', 'summary', 'gist', 'line', 'resume', 'phrase', 'mots'];
    expect(analysed.terms.map((t) => t.word).filter((w) => asking.includes(w))).toEqual([]);
  });
});

describe('members’ words: known as written, short ones in no other form and once two questions use them, never a target for typos', () => {
  const anticipated = ['qui fabrique les vaisseaux', 'c’était un pari ?', 'un pari risqué ?', 'l’entrée est gratuite ?', 'une nouvelle récente ?', 'acme c ali baba ?', 'leur avis sur les fusées ?', 'acme c le spacex suisse ?'];
  const unanswered = ['spacex a lancé combien de fusées ?', 'acme est plus gros que spacex ?', 'combien coûtent les vaisseaux ?'];
  const lexicon = new ArticleLexicon(oneParagraphArticle('Acme Labs construit des fusées à Genève.', 'fr', anticipated, unanswered));
  const cases: [string, boolean][] = [
    ['fusees', true],
    // Another form of the article's word.
    ['fusee', true],
    // A member's word as an anticipated question writes it, and another form of a long one.
    ['vaisseaux', true],
    ['vaisseau', true],
    ['pari', true],
    // Another form of a short one: a short stem is shared by words that mean nothing alike.
    ['paris', false],
    // A short word of one question only: one member's typo ("ali baba") is no vocabulary yet.
    ['baba', false],
    ['ali', false],
    // Unless a language list has it: a speech word is language knowledge.
    ['avis', true],
    // Rare in what the article answers, twice as common in what it does not: something outside it.
    ['spacex', false],
    // Asked of once either way: still the article's vocabulary.
    ['vaisseaux', true],
  ];
  it.each(cases)('%s is known: %s', (word, known) => {
    expect(lexicon.knows(word)).toBe(known);
  });

  it('leaves out a common word the article never uses, whatever members’ words share its stem', () => {
    expect(analyseQuestion('acme labs et geneve, quoi entre les deux ?', lexicon, { defaultLanguage: 'fr' }).terms.map((t) => t.word)).not.toContain('entre');
  });

  it('reads a typo towards the article’s words only: a member’s word one letter away is no correction', () => {
    const analysed = analyseQuestion('une recette de fusee', lexicon, { defaultLanguage: 'fr' });
    expect(analysed.corrections).toEqual([]);
    expect(analysed.unknownWords).toContain('recette');
    expect(analyseQuestion('qui construt des fusees', lexicon, { defaultLanguage: 'fr' }).corrections).toEqual([{ from: 'construt', to: 'construit' }]);
  });
});

describe('a member’s misspelling of a name reads as the name, though members’ questions make it a known word', () => {
  const anticipated = ['la foundaton construit quoi ?', 'acme foundaton c koi ?', 'ils font des vaisseaux ?', 'les vaisseaux vont où ?', 'acme est a geneeve ?', 'c geneeve ?'];
  const lexicon = new ArticleLexicon(oneParagraphArticle('Depuis 2010, Acme Foundation construit des fusées à Genève.', 'fr', anticipated));
  const cases: [string, string | undefined][] = [
    ['foundaton', 'foundation'],
    ['geneeve', 'geneve'],
    // A member's word near no name, the article's own words and the names themselves are read as written.
    ['vaisseaux', undefined],
    ['fusees', undefined],
    ['foundation', undefined],
  ];
  it.each(cases)('%s → %s', (word, expected) => {
    expect(lexicon.knows(word)).toBe(true);
    expect(lexicon.misspeltName(word)).toBe(expected);
  });

  it('names the name the question misspells', () => {
    const analysed = analyseQuestion('acme foundaton construit quoi ?', lexicon, { defaultLanguage: 'fr' });
    expect(analysed.names).toContain('acme foundation');
    expect(analysed.corrections).toContainEqual({ from: 'foundaton', to: 'foundation' });
  });
});

describe('a group of the kind counted answers “how many”, vaguely', () => {
  const base = { questionWords: new Set<string>(), language: 'fr' as const, properNames: new Set<string>(), sharedNameWords: new Set<string>() };
  const cases: [string, 'fr' | 'en', string[], boolean, string[]][] = [
    ['Beaucoup d’entreprises en Chine commencent leur transformation.', 'fr', ['entreprises'], false, ['Beaucoup d’entreprises']],
    ['Many companies in China are starting.', 'en', ['companies'], false, ['Many companies']],
    // A number answers before any group; a group of another kind counts nothing asked; "exactly how many" wants a number.
    ['Trois entreprises et beaucoup de start-ups ont signé.', 'fr', ['entreprises'], false, ['Trois entreprises et']],
    ['Many start-ups are trying to contribute.', 'en', ['companies'], false, []],
    ['Many companies in China are starting.', 'en', ['companies'], true, []],
    // "Combien ?" alone names no kind: a group is no answer to it.
    ['Many companies in China are starting.', 'en', [], false, []],
  ];
  it.each(cases)('“%s” (%s) counting %j, precise %s → %j', (sentence, lang, counted, precise, expected) => {
    const context = { ...base, language: lang, counted, precise };
    expect(answerSpan('quantity', sentence, lang, context)).toEqual(expected);
    expect(satisfies('quantity', sentence, lang, context)).toBe(expected.length > 0);
  });
});

describe('the country a word names or qualifies, in both languages', () => {
  const cases: [string, string | undefined][] = [
    ['chinoises', 'CN'],
    ['chine', 'CN'],
    ['chinese', 'CN'],
    ['china', 'CN'],
    ['americains', 'US'],
    ['american', 'US'],
    ['japonais', 'JP'],
    ['japan', 'JP'],
    // A stop word that spells a country's code ("us") and words of no country have none.
    ['us', undefined],
    ['cloud', undefined],
    ['tokyo', undefined],
  ];
  it.each(cases)('%s → %s', (word, code) => {
    expect(countryOf(word)).toBe(code);
  });

  it.each([
    ['chinoise', true],
    ['American', true],
    ['chine', false],
    ['japan', false],
    ['cloud', false],
  ] as const)('%s is a nationality adjective: %s', (word, expected) => {
    expect(isNationality(fold(word))).toBe(expected);
  });
});

describe('a nationality answers "which country", unless the question gives it', () => {
  const base = { language: 'fr' as const, properNames: new Set<string>(), sharedNameWords: new Set<string>() };
  const cases: [string, string[], 'fr' | 'en', string[]][] = [
    ['de quel pays est le groupe', ['groupe'], 'fr', ['chinois']],
    ['which country is the giant from', ['giant'], 'en', ['Chinese']],
    ['quelles boites chinoises', ['boites', 'chinoises'], 'fr', []],
  ];
  const sentences = { fr: 'En 2009, le géant chinois a décidé de se diversifier.', en: 'In 2009, the Chinese giant decided to diversify.' };
  it.each(cases)('%s → %j', (_question, questionWords, lang, expected) => {
    const context = { ...base, language: lang, questionWords: new Set(questionWords) };
    expect(answerSpan('place', sentences[lang], lang, context)).toEqual(expected);
    expect(satisfies('place', sentences[lang], lang, context)).toBe(expected.length > 0);
  });
  it('a place after a preposition leads before a nationality', () => {
    const context = { ...base, language: 'fr' as const, questionWords: new Set(['datacenters']) };
    expect(answerSpan('place', 'Le géant chinois en a à Dubaï et à Tokyo.', 'fr', context)).toEqual(['Dubaï', 'Tokyo']);
  });
});
