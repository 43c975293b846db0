import { type ChatInputCommandInteraction, InteractionContextType, type Message, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { type Question, newRequestId } from '../answers.js';
import type { BotContext } from '../context.js';
import { answerAndDeliver } from '../deliver.js';
import { allowedChannelsList, channelAllowed, cooldownMs, overLimitNote, questionLanguage } from '../gate.js';
import { t } from '../i18n.js';
import { notice } from '../render.js';
import { openThreadFor } from '../threads.js';

export const QUESTION_MAX = 2000;

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question about the article')
  .setDescriptionLocalizations({ fr: 'Poser une question sur l’article' })
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option
      .setName('question')
      .setDescription('Your question, in French or English')
      .setDescriptionLocalizations({ fr: 'Votre question, en français ou en anglais' })
      .setRequired(true)
      .setMaxLength(QUESTION_MAX),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const receivedAt = performance.now();
  const text = interaction.options.getString('question', true);
  const guildId = interaction.guildId;
  if (!guildId) return;
  const settings = ctx.state.settings.get(guildId);
  const ephemeral = settings.publicReplies ? undefined : MessageFlags.Ephemeral;

  if (!channelAllowed(settings, interaction.channel)) {
    await interaction.reply({ ...notice(t('channelNotAllowed', questionLanguage(text), { channels: allowedChannelsList(settings) })), flags: MessageFlags.Ephemeral });
    return;
  }
  const admission = ctx.limiter.admit(guildId, interaction.user.id, cooldownMs(settings, ctx.config));
  if (!admission.ok) {
    await interaction.reply({ ...notice(overLimitNote(ctx, guildId, admission, text)), flags: MessageFlags.Ephemeral });
    return;
  }

  const channel = interaction.channel;
  const question: Question = {
    requestId: newRequestId(),
    text,
    source: 'slash',
    guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
    receivedAt,
  };
  if (channel?.isThread()) question.threadId = channel.id;
  try {
    // Discord drops an interaction not acknowledged within 3 seconds: acknowledge before any work.
    await interaction.deferReply({ flags: ephemeral });
    const { answered, first } = await answerAndDeliver(ctx, question, {
      partial: (message) => interaction.editReply(message),
      final: async ([head, ...rest]) => {
        const sent: Message = await interaction.editReply(head!);
        for (const message of rest) await interaction.followUp({ ...message, flags: ephemeral });
        return sent;
      },
    });
    if (settings.answerInThread && settings.publicReplies && !channel?.isThread()) {
      await openThreadFor(ctx, answered, first);
    }
  } catch (error) {
    ctx.answers.failed(question, error);
    const failure = notice(t('failed', questionLanguage(text)));
    await (interaction.deferred || interaction.replied ? interaction.editReply(failure) : interaction.reply({ ...failure, flags: MessageFlags.Ephemeral })).catch(() => undefined);
  } finally {
    admission.release();
  }
}
