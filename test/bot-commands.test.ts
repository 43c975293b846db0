import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '../src/bot/commands/index.js';
import { COMMAND_DESCRIPTION_MAX, COMMAND_NAME_MAX } from '../src/discord-limits.js';
import type { Json } from './discord-emulator/model.js';

/** Discord's rule for command and option names (lowercase where a script has case) and its length limits. */
const NAME = new RegExp(`^[-_\\p{Ll}\\p{Lm}\\p{Lo}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,${COMMAND_NAME_MAX}}$`, 'u');

/** What deploy-commands registers, read from the builders: names and descriptions for English and French Discords. */
describe('the registered commands', () => {
  const byName: Record<string, Json> = Object.fromEntries(commandDefinitions().map((c) => [c.name, c as Json]));

  it('name /ask, its question and /about in French too, with French descriptions (and describe /kb in French)', () => {
    expect(byName.ask).toMatchObject({
      name_localizations: { fr: 'demander' },
      description: 'Ask a question about the article',
      description_localizations: { fr: 'Poser une question sur l’article' },
      options: [{ name: 'question', name_localizations: { fr: 'question' }, description_localizations: { fr: 'Votre question, en français ou en anglais' }, autocomplete: true }],
    });
    expect(byName.about).toMatchObject({ name_localizations: { fr: 'à-propos' }, description_localizations: { fr: expect.stringMatching(/^Ce que ce bot sait/) } });
    expect(byName.kb).toMatchObject({ description_localizations: { fr: expect.stringMatching(/^Modérateurs : /) } });
  });

  it('keep Discord’s rules for every slash command’s name and description, in every language', () => {
    const named = (entry: Json): Json[] => [entry, ...(entry.options ?? []).flatMap(named)];
    const entries = Object.values(byName).filter((c) => (c.type ?? 1) === 1).flatMap(named);
    expect(entries.length).toBeGreaterThan(5);
    for (const entry of entries) {
      for (const name of [entry.name, ...Object.values(entry.name_localizations ?? {})]) expect(name, entry.name).toMatch(NAME);
      for (const description of [entry.description, ...Object.values(entry.description_localizations ?? {})]) {
        expect(String(description).length, entry.name).toBeGreaterThan(0);
        expect(String(description).length, entry.name).toBeLessThanOrEqual(COMMAND_DESCRIPTION_MAX);
      }
    }
  });

  it('offer /ask and /about to servers and to members who install the app for themselves (DMs, group DMs); /kb to servers only', () => {
    // integration_types: 0 guild install, 1 user install; contexts: 0 guild, 1 the bot's DM, 2 other DMs and group DMs.
    expect(byName.ask).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
    expect(byName.about).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
    expect(byName.kb).toMatchObject({ integration_types: [0], contexts: [0] });
  });

  it('put “Ask the article” in a message’s Apps menu, in French too, in servers that installed the bot', () => {
    const menu = byName['Ask the article'];
    expect(menu).toMatchObject({ type: 3, name_localizations: { fr: 'Demander à l’article' }, integration_types: [0], contexts: [0] });
    for (const name of [menu!.name, menu!.name_localizations.fr]) expect(name.length).toBeLessThanOrEqual(COMMAND_NAME_MAX);
  });
});
