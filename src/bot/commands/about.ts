/** /about, for everyone: a card saying which article the bot knows, what it can and cannot do, and questions to try. */
import { type APIEmbed, ApplicationIntegrationType, type ChatInputCommandInteraction, InteractionContextType, MessageFlags, SlashCommandBuilder, embedLength } from 'discord.js';
import type { Language } from '../../corpus/article.js';
import { EMBED_DESCRIPTION_MAX, EMBED_FIELD_VALUE_MAX, EMBED_TITLE_MAX, EMBED_TOTAL_MAX } from '../../discord-limits.js';
import type { EngineInfo } from '../../answer/engine.js';
import { t } from '../../strings/index.js';
import { english, localizations } from '../command-localizations.js';
import type { BotContext } from '../context.js';
import { languageOfLocale } from '../language.js';
import { NO_MENTIONS } from '../render.js';
import { truncate } from '../split.js';

/** Example questions on the card: enough to show the range, few enough to read at a glance. */
export const ABOUT_EXAMPLES = 3;

export const data = new SlashCommandBuilder()
  .setName(english('command.about'))
  .setNameLocalizations(localizations('command.about'))
  .setDescription(english('command.about.description'))
  .setDescriptionLocalizations(localizations('command.about.description'))
  // Wherever /ask is: in servers, and for a member who installed the app, in DMs and group DMs.
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const lang = languageOfLocale(interaction.locale, ctx.defaultLanguage);
  const examples = ctx.engine.suggest('', lang, ABOUT_EXAMPLES);
  await interaction.reply({ embeds: [aboutEmbed(ctx.engine.info(), examples, lang)], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
}

/** The card, in the member's language: every text cut to Discord's limits, the introduction to what the whole card leaves. */
export function aboutEmbed(info: EngineInfo, examples: readonly string[], lang: Language): APIEmbed {
  const field = (name: string, value: string, inline = false) => ({ name, value: truncate(value, EMBED_FIELD_VALUE_MAX), inline });
  const fields = [
    field(t('about.source', lang), info.source || '–'),
    field(t('about.language', lang), t('about.languageValue', lang, { language: t(`language.${info.language}`, lang) }), true),
    field(t('about.passages', lang), String(info.paragraphs), true),
    field(t('about.can', lang), t('about.canValue', lang)),
    field(t('about.cannot', lang), t('about.cannotValue', lang)),
  ];
  if (examples.length > 0) fields.push(field(t('about.examples', lang), examples.map((q) => `• ${q}`).join('\n')));
  const card: APIEmbed = {
    title: truncate(t('about.title', lang), EMBED_TITLE_MAX),
    fields,
    footer: { text: t('about.howToAsk', lang, { ask: t('command.ask', lang) }) },
  };
  // The article's title and source come from its manifest, of any length: the card as a whole must stay sendable.
  const room = Math.min(EMBED_DESCRIPTION_MAX, EMBED_TOTAL_MAX - embedLength(card));
  return { ...card, description: truncate(t('about.intro', lang, { title: info.article }), room) };
}
