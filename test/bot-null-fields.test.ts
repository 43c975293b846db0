/**
 * Fields discord.js leaves null when a packet lacks them: an interaction without guild_id or member (a direct
 * message, or a server that is not Discord) reaches the bot's event handlers, which must neither throw nor write
 * half a row; the bot goes on answering in its guild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import { apiUser, snowflake } from './discord-emulator/model.js';

describe('the bot given interactions discord.js cannot place in a guild', () => {
  let t: BotUnderTest;
  beforeAll(async () => {
    t = await startBotUnderTest();
  });
  afterAll(() => t?.stop());

  const lines = () => t.logs.map((line) => JSON.parse(line));

  it.each<[string, () => Record<string, unknown>]>([
    // In a server's context (0) yet without the server: malformed. (A user-installed /ask in a DM, context 1 or 2 with its channel, is answered: test/bot-discovery.test.ts.)
    ['/ask in a server context without guild_id nor member', () => ({ type: 2, data: { id: snowflake(), name: 'ask', type: 1, options: [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }] }, context: 0 })],
    ['/ask in a DM context without its channel', () => ({ type: 2, data: { id: snowflake(), name: 'ask', type: 1, options: [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }] } })],
    ['/kb stats without guild_id nor member', () => ({ type: 2, data: { id: snowflake(), name: 'kb', type: 1, options: [{ type: 1, name: 'stats', options: [] }] } })],
    ['a 👍 button without guild_id nor member', () => ({ type: 3, data: { custom_id: 'vote:1:up', component_type: 2 }, message: { id: snowflake(), channel_id: snowflake(), type: 0, content: 'x', author: apiUser(t.emulator.botUser), timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], pinned: false, components: [] } })],
    ['/kb stats from a member without permissions', () => ({
      type: 2,
      data: { id: snowflake(), name: 'kb', type: 1, options: [{ type: 1, name: 'stats', options: [] }] },
      guild_id: t.guild.id,
      member: { user: apiUser(t.member), roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false },
    })],
  ])('%s: logged as a warning and ignored, with no error, and the bot answers on', async (_, payload) => {
    const from = t.logs.length;
    const id = snowflake();
    t.emulator.gateway.dispatch(
      'INTERACTION_CREATE',
      { id, application_id: t.emulator.applicationId, token: 'no-guild', version: 1, channel_id: snowflake(), user: apiUser(t.member), locale: 'en-US', entitlements: [], authorizing_integration_owners: { '1': t.member.id }, context: 1, ...payload() },
      () => true,
    );
    const ignored = await t.emulator.until(() => lines().slice(from).find((l) => l.msg === 'interaction without a guild or member; ignored'));
    expect(ignored).toMatchObject({ level: 40, interaction: id, user: t.member.id });
    expect(lines().slice(from).filter((l) => l.level >= 50)).toEqual([]);

    const question = t.emulator.postMessage({ channelId: t.channels[0]!.id, author: t.member, content: `<@${t.emulator.botUser.id}> Who founded Alibaba?` });
    expect((await t.emulator.until(() => t.emulator.repliesTo(question.id)[0], 10_000)).content).toMatch(/\[1\]/);
  });
});
