/**
 * The buttons under an answer. A button names its answer by a random reference, and a click counts only from
 * where the answer was given: a vote from its guild, Sources from its channel (or the thread it moved to).
 */
import { type ButtonInteraction, MessageFlags } from 'discord.js';
import type { Language } from '../corpus/article.js';
import type { BotContext } from './context.js';
import { languageOfLocale } from './language.js';
import { t } from '../strings/index.js';
import { type FullSource, notice, parseCustomId, renderSources } from './render.js';
import type { StoredQuestion, Vote } from './state/index.js';

const VOTE_EMOJI: Record<Vote, string> = { up: '👍', down: '👎' };

/** The full sources for the one who clicks, and a vote that can be changed. */
export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const parsed = parseCustomId(interaction.customId);
  if (!parsed) return;
  const stored = parsed.kind === 'stale' ? undefined : ctx.state.questions.byButtonRef(parsed.answerRef);
  const clickerLang: Language = languageOfLocale(interaction.locale, ctx.defaultLanguage);
  if (!stored || parsed.kind === 'stale') {
    await interaction.reply({ ...notice(t('sourcesGone', clickerLang)), flags: MessageFlags.Ephemeral });
    return;
  }
  if (!clickedWhereAnswered(interaction, stored, parsed.kind)) {
    ctx.logger.warn({ guild: interaction.guildId, kind: parsed.kind }, 'a button clicked away from its answer; refused');
    await interaction.reply({ ...notice(t('buttonElsewhere', clickerLang, { ask: t('command.ask', clickerLang) })), flags: MessageFlags.Ephemeral });
    return;
  }
  const lang = stored.language;
  if (parsed.kind === 'vote') {
    const outcome = ctx.state.feedback.vote(stored.id, interaction.user.id, parsed.vote);
    const key = outcome === 'recorded' ? 'voteRecorded' : outcome === 'changed' ? 'voteChanged' : 'voteUnchanged';
    ctx.logger.info({ answerId: stored.id, guild: interaction.guildId, vote: parsed.vote, outcome }, 'feedback');
    await interaction.reply({ ...notice(t(key, lang, { vote: VOTE_EMOJI[parsed.vote] })), flags: MessageFlags.Ephemeral });
    return;
  }
  const sources = fullSources(ctx, stored);
  if (sources.length === 0) {
    await interaction.reply({ ...notice(t('sourcesGone', lang)), flags: MessageFlags.Ephemeral });
    return;
  }
  const [first, ...rest] = renderSources(sources, lang);
  await interaction.reply({ ...first!, flags: MessageFlags.Ephemeral });
  for (const message of rest) await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
}

/**
 * A vote counts from the answer's guild; Sources open in the answer's channel or the thread it moved to (when the
 * channel was unknown as the question was logged, the guild is what can be checked). An answer given outside
 * servers (a direct message) counts only from its own channel, for a vote too.
 */
function clickedWhereAnswered(interaction: ButtonInteraction, stored: StoredQuestion, kind: 'vote' | 'sources'): boolean {
  if (stored.guildId === null) return interaction.guildId === null && stored.channelId !== null && interaction.channelId === stored.channelId;
  if (interaction.guildId !== stored.guildId) return false;
  if (kind === 'vote' || stored.channelId === null) return true;
  return interaction.channelId === stored.channelId || interaction.channelId === stored.threadId;
}

/** Whole passages as cited; a translated one comes with the article's own words. */
function fullSources(ctx: BotContext, stored: StoredQuestion): FullSource[] {
  const sources: FullSource[] = [];
  for (const citation of stored.citations) {
    const found = ctx.engine.source(citation.passageId, citation.lang);
    if (!found) continue;
    const { passage, original } = found;
    const source: FullSource = { n: citation.n, label: passage.label, text: passage.text, translated: passage.translated };
    if (original) source.original = { label: original.label, text: original.text };
    sources.push(source);
  }
  return sources;
}
