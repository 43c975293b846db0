/** /kb, for moderators: statistics, settings, the answers voted down and a rebuild of the index, in the moderator's language. */
import {
  type APIEmbed,
  ApplicationIntegrationType,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { EngineInfo } from '../../answer/engine.js';
import type { Language } from '../../corpus/article.js';
import { EMBED_FIELD_NAME_MAX, EMBED_FIELD_VALUE_MAX, EMBED_TOTAL_MAX } from '../../discord-limits.js';
import { type StringKey, t } from '../../strings/index.js';
import { allowedChannelsList, memberAllowance } from '../admission.js';
import { english, localizations } from '../command-localizations.js';
import type { BotContext } from '../context.js';
import { languageOfLocale } from '../language.js';
import type { MemberAllowance } from '../rate-limiter.js';
import { NO_MENTIONS, notice } from '../render.js';
import { truncate } from '../split.js';
import type { DownvotedAnswer, ForumUnanswered, GuildSettings, GuildStats } from '../state/index.js';

const FEEDBACK_MAX = 10;
/** The rate limiter's key for rebuilding the index (REINDEX_COOLDOWN_SECONDS). */
const REINDEX_KEY = 'reindex';

const PERIODS = {
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
  all: Number.POSITIVE_INFINITY,
} as const;
type Period = keyof typeof PERIODS;

const FORUM_UNANSWERED: readonly ForumUnanswered[] = ['note', 'silent'];
const FORUM_UNANSWERED_LABEL = { note: 'kb.forumNote', silent: 'kb.forumSilent' } as const satisfies Record<ForumUnanswered, StringKey>;

export const data = new SlashCommandBuilder()
  .setName('kb')
  .setDescription(english('command.kb.description'))
  .setDescriptionLocalizations(localizations('command.kb.description'))
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild)
  // Hidden from members without Manage Server; execute() checks again, as server admins can override this.
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub
      .setName('stats')
      .setDescription('Questions answered and refused, feedback and latency')
      .addStringOption((o) =>
        o.setName('period').setDescription('Period (default: 7 days)').addChoices(...(Object.keys(PERIODS) as Period[]).map((value) => ({ name: t(`kb.period.${value}`, 'en'), name_localizations: { fr: t(`kb.period.${value}`, 'fr') }, value }))),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('config')
      .setDescription('Show or change where and how the bot answers')
      .addChannelOption((o) => o.setName('allow_channel').setDescription('Add a channel to the allow-list').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum))
      .addChannelOption((o) => o.setName('disallow_channel').setDescription('Remove a channel from the allow-list'))
      .addBooleanOption((o) => o.setName('clear_allowed').setDescription('Empty the allow-list: answer in every channel'))
      .addBooleanOption((o) => o.setName('answer_in_thread').setDescription('Answer mentions in a new thread'))
      .addIntegerOption((o) => o.setName('member_burst').setDescription('Questions a member may ask in a row, refilled over time (0: no limit)').setMinValue(0).setMaxValue(100))
      .addBooleanOption((o) => o.setName('public_replies').setDescription('Show /ask answers to everyone (off: only to the one who asked)'))
      .addBooleanOption((o) => o.setName('previews').setDescription('Show previews of links in the bot’s messages (off by default)'))
      .addChannelOption((o) =>
        o.setName('forum_channel').setDescription(english('kb.option.forum')).setDescriptionLocalizations(localizations('kb.option.forum')).addChannelTypes(ChannelType.GuildForum),
      )
      .addBooleanOption((o) => o.setName('clear_forum').setDescription(english('kb.option.clearForum')).setDescriptionLocalizations(localizations('kb.option.clearForum')))
      .addStringOption((o) =>
        o
          .setName('forum_unanswered')
          .setDescription(english('kb.option.forumUnanswered'))
          .setDescriptionLocalizations(localizations('kb.option.forumUnanswered'))
          .addChoices(
            ...FORUM_UNANSWERED.map((value) => ({ name: english(FORUM_UNANSWERED_LABEL[value]), name_localizations: localizations(FORUM_UNANSWERED_LABEL[value]), value })),
          ),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('feedback')
      .setDescription('The most recent answers voted 👎, with their questions')
      .addIntegerOption((o) => o.setName('count').setDescription('How many (default 5)').setMinValue(1).setMaxValue(FEEDBACK_MAX)),
  )
  .addSubcommand((sub) => sub.setName('reindex').setDescription('Rebuild the search index of the article'));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) return;
  const lang = languageOfLocale(interaction.locale, ctx.defaultLanguage);
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await interaction.reply({ ...notice(t('kb.managersOnly', lang)), flags: MessageFlags.Ephemeral });
    return;
  }
  const sub = interaction.options.getSubcommand(true);
  ctx.logger.info({ guild: guildId, subcommand: sub }, 'moderator command');
  switch (sub) {
    case 'stats': {
      const chosen = interaction.options.getString('period') ?? '7d';
      const period: Period = chosen in PERIODS ? (chosen as Period) : '7d';
      const since = Number.isFinite(PERIODS[period]) ? Date.now() - PERIODS[period] : 0;
      await interaction.reply({ embeds: [statsEmbed(ctx.state.stats.stats(guildId, since), t(`kb.period.${period}`, lang), lang)], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      return;
    }
    case 'config': {
      const settings = ctx.state.settings.update(guildId, (current) => changedSettings(interaction, current));
      await interaction.reply({ embeds: [settingsEmbed(settings, memberAllowance(settings, ctx), lang)], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      return;
    }
    case 'feedback': {
      const downvoted = ctx.state.stats.recentDownvotes(guildId, interaction.options.getInteger('count') ?? 5);
      await interaction.reply({ embeds: [feedbackEmbed(downvoted, lang)], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      return;
    }
    case 'reindex': {
      // The index is the process's, shared by every guild it serves: one rebuild per cooldown, whoever asks.
      if (!ctx.limiter.claim(REINDEX_KEY, ctx.config.reindexCooldownMs)) {
        const seconds = Math.max(1, Math.ceil(ctx.limiter.claimedFor(REINDEX_KEY) / 1000));
        ctx.logger.info({ guild: guildId, seconds }, 'reindex refused: rebuilt too recently');
        await interaction.reply({ ...notice(t('kb.reindexTooSoon', lang, { seconds })), flags: MessageFlags.Ephemeral });
        return;
      }
      let info: EngineInfo;
      try {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        info = await ctx.engine.reindex();
      } catch (error) {
        // No rebuild happened: the cooldown would only tell the next moderator it did.
        ctx.limiter.unclaim(REINDEX_KEY);
        throw error;
      }
      await interaction.editReply(notice(t('kb.reindexed', lang, { passages: info.passages, paragraphs: info.paragraphs, dimensions: info.dimensions, ms: info.indexMs })));
      return;
    }
  }
}

function changedSettings(interaction: ChatInputCommandInteraction, current: GuildSettings): GuildSettings {
  const options = interaction.options;
  const next: GuildSettings = { ...current, allowedChannels: [...current.allowedChannels] };
  if (options.getBoolean('clear_allowed')) next.allowedChannels = [];
  const allow = options.getChannel('allow_channel');
  if (allow) next.allowedChannels.push(allow.id);
  const disallow = options.getChannel('disallow_channel');
  if (disallow) next.allowedChannels = next.allowedChannels.filter((id) => id !== disallow.id);
  next.answerInThread = options.getBoolean('answer_in_thread') ?? next.answerInThread;
  next.publicReplies = options.getBoolean('public_replies') ?? next.publicReplies;
  next.linkPreviews = options.getBoolean('previews') ?? next.linkPreviews;
  const burst = options.getInteger('member_burst');
  if (burst !== null) next.memberBurst = burst;
  if (options.getBoolean('clear_forum')) delete next.forumChannelId;
  const forum = options.getChannel('forum_channel');
  if (forum) next.forumChannelId = forum.id;
  const unanswered = options.getString('forum_unanswered');
  if (unanswered === 'note' || unanswered === 'silent') next.forumUnanswered = unanswered;
  return next;
}

const ms = (value?: number) => (value === undefined ? '–' : `${Math.round(value)} ms`);

function statsEmbed(stats: GuildStats, period: string, lang: Language): APIEmbed {
  return {
    title: t('kb.statsTitle', lang, { period }),
    fields: [
      { name: t('kb.questions', lang), value: t('kb.questionsValue', lang, { answered: stats.answered, refused: stats.refused }), inline: false },
      { name: t('kb.feedback', lang), value: `👍 ${stats.thumbsUp} · 👎 ${stats.thumbsDown}`, inline: false },
      { name: t('kb.engineLatency', lang), value: `p50 ${ms(stats.engineMs.p50)} · p95 ${ms(stats.engineMs.p95)}`, inline: true },
      { name: t('kb.replyLatency', lang), value: `p50 ${ms(stats.replyMs.p50)} · p95 ${ms(stats.replyMs.p95)}`, inline: true },
    ],
  };
}

function settingsEmbed(settings: GuildSettings, allowance: MemberAllowance, lang: Language): APIEmbed {
  const burst = allowance.burst === 0 ? t('kb.noLimit', lang) : t('kb.memberBurstValue', lang, { burst: allowance.burst, seconds: allowance.refillMs / 1000 });
  return {
    title: t('kb.settingsTitle', lang),
    fields: [
      { name: t('kb.allowedChannels', lang), value: settings.allowedChannels.length ? truncate(allowedChannelsList(settings), EMBED_FIELD_VALUE_MAX) : t('kb.everyChannel', lang) },
      { name: t('kb.answerInThread', lang), value: t(settings.answerInThread ? 'kb.on' : 'kb.off', lang), inline: true },
      { name: t('kb.memberBurst', lang), value: settings.memberBurst === undefined ? `${burst} ${t('kb.default', lang)}` : burst, inline: true },
      { name: t('kb.askReplies', lang), value: t(settings.publicReplies ? 'kb.public' : 'kb.private', lang), inline: true },
      { name: t('kb.linkPreviews', lang), value: t(settings.linkPreviews ? 'kb.on' : 'kb.off', lang), inline: true },
      { name: t('kb.forum', lang), value: settings.forumChannelId ? `<#${settings.forumChannelId}>` : t('kb.noForum', lang), inline: true },
      { name: t('kb.forumUnanswered', lang), value: t(FORUM_UNANSWERED_LABEL[settings.forumUnanswered], lang), inline: true },
    ],
  };
}

function feedbackEmbed(answers: DownvotedAnswer[], lang: Language): APIEmbed {
  const title = t('kb.downvotedTitle', lang);
  if (answers.length === 0) return { title, description: t('kb.noDownvotes', lang) };
  const shown = answers.slice(0, FEEDBACK_MAX);
  // Every field gets an equal share of the embed's 6,000 characters, names included.
  const valueMax = Math.min(EMBED_FIELD_VALUE_MAX, Math.floor((EMBED_TOTAL_MAX - 100) / shown.length) - EMBED_FIELD_NAME_MAX / 4);
  return {
    title,
    fields: shown.map((a) => ({
      name: truncate(`#${a.questionId} · 👎 ${a.downvotes} · ${new Date(a.lastVoteAt).toISOString().slice(0, 16).replace('T', ' ')}${a.refused ? ` · ${t('kb.refused', lang)}` : ''}`, EMBED_FIELD_NAME_MAX / 4),
      value: truncate(`**Q:** ${truncate(a.question, 300)}\n**A:** ${a.answer}`, valueMax),
    })),
  };
}
