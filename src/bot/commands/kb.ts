import {
  type APIEmbed,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { BotContext } from '../context.js';
import { allowedChannelsList, cooldownMs } from '../gate.js';
import { EMBED_FIELD_NAME_MAX, EMBED_FIELD_VALUE_MAX, EMBED_TOTAL_MAX, NO_MENTIONS, notice, truncate } from '../render.js';
import type { DownvotedAnswer, GuildSettings, GuildStats } from '../state/index.js';

const FEEDBACK_MAX = 10;

const PERIODS: Record<string, { label: string; ms: number }> = {
  '24h': { label: 'the last 24 hours', ms: 24 * 3600_000 },
  '7d': { label: 'the last 7 days', ms: 7 * 24 * 3600_000 },
  '30d': { label: 'the last 30 days', ms: 30 * 24 * 3600_000 },
  all: { label: 'all time', ms: Number.POSITIVE_INFINITY },
};

export const data = new SlashCommandBuilder()
  .setName('kb')
  .setDescription('Moderators: statistics, settings and feedback of the article bot')
  .setContexts(InteractionContextType.Guild)
  // Hidden from members without Manage Server; execute() checks again, as server admins can override this.
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub
      .setName('stats')
      .setDescription('Questions answered and refused, feedback and latency')
      .addStringOption((o) =>
        o.setName('period').setDescription('Period (default: 7 days)').addChoices(...Object.entries(PERIODS).map(([value, { label }]) => ({ name: label, value }))),
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
      .addIntegerOption((o) => o.setName('cooldown_seconds').setDescription('Seconds between two questions of one member').setMinValue(0).setMaxValue(3600))
      .addBooleanOption((o) => o.setName('public_replies').setDescription('Show /ask answers to everyone (off: only to the one who asked)')),
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
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await interaction.reply({ ...notice('Only members with the **Manage Server** permission can use /kb.'), flags: MessageFlags.Ephemeral });
    return;
  }
  const sub = interaction.options.getSubcommand(true);
  ctx.logger.info({ guild: guildId, subcommand: sub }, 'moderator command');
  switch (sub) {
    case 'stats': {
      const period = PERIODS[interaction.options.getString('period') ?? '7d']!;
      const since = Number.isFinite(period.ms) ? Date.now() - period.ms : 0;
      await interaction.reply({ embeds: [statsEmbed(ctx.state.stats.stats(guildId, since), period.label)], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      return;
    }
    case 'config': {
      const settings = ctx.state.settings.update(guildId, (current) => changedSettings(interaction, current));
      await interaction.reply({ embeds: [settingsEmbed(settings, cooldownMs(settings, ctx.config) / 1000)], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      return;
    }
    case 'feedback': {
      const downvoted = ctx.state.stats.recentDownvotes(guildId, interaction.options.getInteger('count') ?? 5);
      await interaction.reply({ embeds: [feedbackEmbed(downvoted)], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      return;
    }
    case 'reindex': {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const info = await ctx.engine.reindex();
      await interaction.editReply(notice(`Index rebuilt: ${info.passages} passages (${info.paragraphs} paragraphs), ${info.dimensions} dimensions, in ${info.indexMs} ms.`));
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
  const cooldown = options.getInteger('cooldown_seconds');
  if (cooldown !== null) next.cooldownSeconds = cooldown;
  return next;
}

const ms = (value?: number) => (value === undefined ? '–' : `${Math.round(value)} ms`);

function statsEmbed(stats: GuildStats, period: string): APIEmbed {
  return {
    title: `Article bot · ${period}`,
    fields: [
      { name: 'Questions', value: `${stats.answered} answered · ${stats.refused} refused`, inline: false },
      { name: 'Feedback', value: `👍 ${stats.thumbsUp} · 👎 ${stats.thumbsDown}`, inline: false },
      { name: 'Engine latency', value: `p50 ${ms(stats.engineMs.p50)} · p95 ${ms(stats.engineMs.p95)}`, inline: true },
      { name: 'Reply latency', value: `p50 ${ms(stats.replyMs.p50)} · p95 ${ms(stats.replyMs.p95)}`, inline: true },
    ],
  };
}

function settingsEmbed(settings: GuildSettings, cooldownSeconds: number): APIEmbed {
  return {
    title: 'Article bot · settings',
    fields: [
      { name: 'Allowed channels', value: settings.allowedChannels.length ? truncate(allowedChannelsList(settings), EMBED_FIELD_VALUE_MAX) : 'every channel' },
      { name: 'Answer mentions in a thread', value: settings.answerInThread ? 'on' : 'off', inline: true },
      { name: 'Cooldown per member', value: `${cooldownSeconds} s${settings.cooldownSeconds === undefined ? ' (default)' : ''}`, inline: true },
      { name: '/ask replies', value: settings.publicReplies ? 'public' : 'only to the one who asked', inline: true },
    ],
  };
}

function feedbackEmbed(answers: DownvotedAnswer[]): APIEmbed {
  if (answers.length === 0) return { title: 'Answers voted 👎', description: 'No 👎 yet.' };
  const shown = answers.slice(0, FEEDBACK_MAX);
  // Every field gets an equal share of the embed's 6,000 characters, names included.
  const valueMax = Math.min(EMBED_FIELD_VALUE_MAX, Math.floor((EMBED_TOTAL_MAX - 100) / shown.length) - EMBED_FIELD_NAME_MAX / 4);
  return {
    title: 'Answers voted 👎',
    fields: shown.map((a) => ({
      name: truncate(`#${a.questionId} · 👎 ${a.downvotes} · ${new Date(a.lastVoteAt).toISOString().slice(0, 16).replace('T', ' ')}${a.refused ? ' · refused' : ''}`, EMBED_FIELD_NAME_MAX / 4),
      value: truncate(`**Q:** ${truncate(a.question, 300)}\n**A:** ${a.answer}`, valueMax),
    })),
  };
}
