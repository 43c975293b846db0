/**
 * Direct messages and forum posts, against the emulator with the real discord.js client and the real engine: a
 * DM is a conversation (follow-ups use its recent turns, buttons work there, /kb does not, each member's burst is
 * their own), and the guild's designated forum gets an answer inside each new post, once, tagged "answered".
 * Every wait is on what the bot wrote or logged, never on time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as say } from '../src/strings/index.js';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import type { Channel, Interaction, StoredMessage, User } from './discord-emulator/index.js';
import type { Json } from './discord-emulator/model.js';
import { writeProblems } from './support/discord-limits.js';

const EPHEMERAL = 64;

/** The bot's log lines so far, parsed. */
const logsOf = (t: BotUnderTest): Json[] => t.logs.map((line) => JSON.parse(line) as Json);
const callbackOf = (t: BotUnderTest, interaction: Interaction) => t.emulator.waitForRequest((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
const botMessagesIn = (t: BotUnderTest, channelId: string) => t.emulator.messagesIn(channelId).filter((m) => m.author.id === t.emulator.botUser.id);

describe('direct messages', () => {
  let t: BotUnderTest;
  beforeAll(async () => {
    // A burst of 3: enough for a conversation, small enough to meet in a test.
    t = await startBotUnderTest({ env: { MEMBER_BURST: '3' } });
  });
  afterAll(() => t?.stop());

  const dm = (author: User, content: string) => t.emulator.postMessage({ channelId: t.emulator.dmChannel(author).id, author, content });
  const replyTo = (message: StoredMessage) => t.emulator.until(() => t.emulator.repliesTo(message.id)[0], 10_000);
  const answeredLines = () => logsOf(t).filter((l) => l.msg === 'question answered' && l.source === 'dm');

  it('answers a question written in a DM with the same citations and buttons, and a follow-up with the DM’s recent turns', async () => {
    const asker = t.emulator.createUser('erin');
    const mark = t.emulator.mark();
    const first = await replyTo(dm(asker, 'When did Alibaba Cloud start expanding its datacenters?'));
    expect(first.channelId).toBe(t.emulator.dmChannel(asker).id);
    expect(first.content).toMatch(/2016/);
    expect(first.content).toMatch(/\[1\]/);
    expect(first.embeds[0]!.title).toBe('Sources');
    const buttons = first.components[0]!.components.map((c: Json) => c.custom_id as string);
    expect(buttons).toEqual([expect.stringMatching(/^sources:/), expect.stringMatching(/^vote:.*:up$/), expect.stringMatching(/^vote:.*:down$/)]);
    expect(await t.emulator.until(() => answeredLines()[0])).toMatchObject({ guild: null, historyTurns: 0, refused: false });

    // The next message is a follow-up: "they" are the datacenters of the answer before.
    const second = await replyTo(dm(asker, 'Where are they?'));
    expect(second.content).toMatch(/Dubaï|Dubai|Tokyo/);
    expect(await t.emulator.until(() => answeredLines()[1])).toMatchObject({ historyTurns: 1, refused: false });

    // A thank-you needs no answer; the question after it is answered as usual.
    const thanks = dm(asker, 'ok merci !');
    await replyTo(dm(asker, 'Qui a fondé Alibaba ?'));
    expect(t.emulator.repliesTo(thanks.id)).toEqual([]);
    for (const write of t.emulator.messageWrites(mark)) expect(writeProblems(write)).toEqual([]);
  });

  it('shows the sources and records a vote from the buttons under a DM answer, and only from that DM', async () => {
    const asker = t.emulator.createUser('fay');
    const answer = await replyTo(dm(asker, 'Who founded Alibaba?'));
    const [sources, up] = answer.components[0]!.components.map((c: Json) => c.custom_id as string);
    const shown = (await callbackOf(t, t.emulator.clickButton({ messageId: answer.id, customId: sources!, user: asker }))).body!;
    expect(shown).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(shown.data.embeds[0].title).toMatch(/^\[1\] /);
    const vote = (await callbackOf(t, t.emulator.clickButton({ messageId: answer.id, customId: up!, user: asker }))).body!;
    expect(vote.data.content).toBe('Thanks for your feedback: 👍');
    // The same button sent from a guild's channel changes nothing.
    const elsewhere = (await callbackOf(t, t.emulator.clickButton({ messageId: answer.id, customId: up!, user: t.member, channelId: t.channels[0]!.id }))).body!;
    expect(elsewhere.data.content).toMatch(/belongs to an answer given elsewhere/);
  });

  it('refuses /kb in a DM with a note in the member’s language, whether run as a command or typed', async () => {
    const run = t.emulator.runUserCommand({ user: t.moderator, name: 'kb', options: [{ type: 1, name: 'stats', options: [] }], context: 1, locale: 'fr' });
    const note = (await callbackOf(t, run)).body!;
    expect(note).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: say('guildOnly', 'fr', { command: 'kb' }), allowed_mentions: { parse: [] } } });
    expect(await t.emulator.until(() => logsOf(t).find((l) => l.msg === 'guild-only command refused outside servers'))).toMatchObject({ command: 'kb', context: 1 });

    const typed = await replyTo(dm(t.moderator, '/kb stats'));
    expect(typed.content).toBe(say('guildOnly', 'en', { command: 'kb' }));
    // Nothing was counted as a question, and no statistics left the guild.
    expect(answeredLines().filter((l) => l.channel === t.emulator.dmChannel(t.moderator).id)).toEqual([]);
  });

  it('counts each member’s burst in DMs on its own, apart from the guild’s, and gives the question back past it', async () => {
    const asker = t.emulator.createUser('gus');
    t.emulator.addMember(t.guild.id, asker);
    for (const question of ['Who founded Alibaba?', 'When was Alibaba created?', 'Where are the Alibaba Cloud datacenters?']) expect((await replyTo(dm(asker, question))).content).toMatch(/\[1\]/);
    // A DM follow-up spends the burst like any question: the fourth in a row is given back with when to ask again.
    const over = await replyTo(dm(asker, 'What is Cloud Foundry?'));
    expect(over.content).toMatch(/^You have asked several questions in a row\. You can ask again in \d+ s\. Your question was: “What is Cloud Foundry\?”$/);
    expect(over.components).toEqual([]);
    // Someone else's DMs, and the same member in the guild, are other lines.
    expect((await replyTo(dm(t.emulator.createUser('hana'), 'Who founded Alibaba?'))).content).toMatch(/Jack Ma/);
    const inGuild = t.emulator.postMessage({ channelId: t.channels[0]!.id, author: asker, content: `<@${t.emulator.botUser.id}> Who founded Alibaba?` });
    expect((await replyTo(inGuild)).content).toMatch(/Jack Ma/);
  });

  it('ignores DMs from bots', async () => {
    const otherBot = t.emulator.createUser('news-bot', { bot: true });
    const fromBot = dm(otherBot, 'Who founded Alibaba?');
    // Messages reach the bot in order: once a person's later DM is answered, the bot's was seen and left alone.
    await replyTo(dm(t.emulator.createUser('ivy'), 'Who founded Alibaba?'));
    expect(t.emulator.repliesTo(fromBot.id)).toEqual([]);
    expect(botMessagesIn(t, t.emulator.dmChannel(otherBot).id)).toEqual([]);
  });
});

describe('a forum the bot answers in', () => {
  let t: BotUnderTest;
  let forum: Channel;
  let otherForum: Channel;
  /** The tags of the designated forum, by name. */
  let tag: Record<string, string>;

  const kbConfig = async (options: Json[]) => (await callbackOf(t, t.emulator.runCommand({ channelId: t.channels[0]!.id, user: t.moderator, name: 'kb', options: [{ type: 1, name: 'config', options }] }))).body!.data;
  const post = (title: string, content: string, options: { author?: User; forumId?: string; appliedTags?: string[] } = {}) =>
    t.emulator.createForumPost({ forumId: options.forumId ?? forum.id, author: options.author ?? t.member, title, content, appliedTags: options.appliedTags ?? [] }).thread;
  /** The bot's last log line about a post: how it settled (answered, unanswered, ignored, failed). */
  const settled = (thread: Channel) => t.emulator.until(() => logsOf(t).find((l) => l.msg === 'forum post settled' && l.thread === thread.id), 10_000);
  const ignoredLines = (thread: Channel, reason: string) => logsOf(t).filter((l) => l.msg === 'forum post ignored' && l.thread === thread.id && l.reason === reason);

  beforeAll(async () => {
    // Debug lines say when a post of another forum is left alone.
    t = await startBotUnderTest({ env: { LOG_LEVEL: 'debug' } });
    forum = t.emulator.createForum(t.guild.id, { name: 'help', tags: ['Billing', 'Answered', { name: 'Staff pick', moderated: true }] });
    otherForum = t.emulator.createForum(t.guild.id, { name: 'showcase', tags: ['answered'] });
    tag = Object.fromEntries(forum.availableTags!.map((x) => [x.name, x.id]));
    const settings = await kbConfig([{ type: 7, name: 'forum_channel', value: forum.id }]);
    expect(settings.embeds[0].fields.find((f: Json) => f.name === 'Forum answered by the bot').value).toBe(`<#${forum.id}>`);
  });
  afterAll(() => t?.stop());

  it('shows the designated forum and what it does with unanswerable posts in /kb config', async () => {
    const fields = (await kbConfig([])).embeds[0].fields as Json[];
    expect(fields.find((f) => f.name === 'Forum answered by the bot')!.value).toBe(`<#${forum.id}>`);
    expect(fields.find((f) => f.name === 'Forum posts the article cannot answer')!.value).toBe('a short note');
  });

  it('answers a new post inside it, from its title and first message, with citations, buttons and the forum’s “answered” tag added to its own', async () => {
    const mark = t.emulator.mark();
    const thread = post('Founders?', 'Who founded Alibaba? I could not find it on their site.', { appliedTags: [tag.Billing!] });
    expect(await settled(thread)).toMatchObject({ outcome: 'answered', tagged: true });
    const [answer, ...more] = botMessagesIn(t, thread.id);
    expect(more).toEqual([]);
    expect(answer!.content).toMatch(/Jack Ma/);
    expect(answer!.content).toMatch(/\[1\]/);
    expect(answer!.embeds[0]!.title).toBe('Sources');
    expect(answer!.components[0]!.components).toHaveLength(3);
    expect(logsOf(t).find((l) => l.msg === 'question answered' && l.channel === thread.id)).toMatchObject({ source: 'forum', guild: t.guild.id, refused: false });
    // The tag is added to the post's own, in one request.
    const tagging = t.emulator.requestsAfter(mark, (r) => r.method === 'PATCH' && r.path === `/channels/${thread.id}`);
    expect(tagging.map((r) => [r.status, r.body!.applied_tags])).toEqual([[200, [tag.Billing, tag.Answered]]]);
    expect(t.emulator.channels.get(thread.id)!.appliedTags).toEqual([tag.Billing, tag.Answered]);
    // The Sources button works in the post.
    const sources = answer!.components[0]!.components[0].custom_id as string;
    const shown = (await callbackOf(t, t.emulator.clickButton({ messageId: answer!.id, customId: sources, user: t.member }))).body!;
    expect(shown.data.embeds[0].title).toMatch(/^\[1\] /);
    for (const write of t.emulator.messageWrites(mark)) expect(writeProblems(write)).toEqual([]);
  });

  it('never answers a post twice: its two events racing, and both delivered again after a restart', async () => {
    // THREAD_CREATE takes the post up and fetches its first message; that message's own event is held to arrive
    // while the fetch is on its way, as it does on Discord, and finds the post taken.
    const starterFetch = /^\/channels\/(\d+)\/messages\/(\d+)$/;
    t.emulator.rest.beforeReply = async (request) => {
      const fetched = starterFetch.exec(request.path);
      if (request.method === 'GET' && fetched && fetched[1] === fetched[2]) await t.emulator.until(() => ignoredLines(t.emulator.channels.get(fetched[1]!)!, 'taken').length > 0);
    };
    let thread: Channel;
    try {
      thread = post('When was Alibaba created?', 'Looking for the year.');
      expect(await settled(thread)).toMatchObject({ outcome: 'answered' });
    } finally {
      t.emulator.rest.beforeReply = undefined;
    }
    expect(ignoredLines(thread, 'taken')).toHaveLength(1);
    await t.restart();
    t.emulator.redeliverForumPost(thread.id);
    // The new process knows the post from GUILD_CREATE, so only its first message comes as an event: taken already.
    await t.emulator.until(() => ignoredLines(thread, 'taken').length === 2);
    const answers = botMessagesIn(t, thread.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.content).toMatch(/1999/);
    // The post is still a conversation after the restart.
    const followUp = t.emulator.postMessage({ channelId: thread.id, author: t.member, content: 'Who founded it?' });
    expect((await t.emulator.until(() => t.emulator.repliesTo(followUp.id)[0], 10_000)).content).toMatch(/Jack Ma/);
  });

  it('answers follow-ups in a post it answered, with the post’s turns, and lets a thank-you be', async () => {
    const thread = post('Datacenters', 'When did Alibaba Cloud start expanding its datacenters?');
    expect(await settled(thread)).toMatchObject({ outcome: 'answered' });
    const followUp = t.emulator.postMessage({ channelId: thread.id, author: t.member, content: 'Where are they?' });
    const reply = await t.emulator.until(() => t.emulator.repliesTo(followUp.id)[0], 10_000);
    expect(reply.channelId).toBe(thread.id);
    expect(reply.content).toMatch(/Dubaï|Dubai|Tokyo/);
    expect(await t.emulator.until(() => logsOf(t).find((l) => l.msg === 'question answered' && l.channel === thread.id && l.source === 'thread'))).toMatchObject({ historyTurns: 1 });
    const thanks = t.emulator.postMessage({ channelId: thread.id, author: t.member, content: 'thanks!' });
    const next = t.emulator.postMessage({ channelId: thread.id, author: t.moderator, content: 'Who founded Alibaba?' });
    await t.emulator.until(() => t.emulator.repliesTo(next.id)[0], 10_000);
    expect(t.emulator.repliesTo(thanks.id)).toEqual([]);
  });

  it('ignores a bot’s post', async () => {
    const feed = t.emulator.createUser('feed-bot', { bot: true });
    const thread = post('Who founded Alibaba?', 'Automatic digest of the week.', { author: feed });
    // Taken up from THREAD_CREATE (the author unknown yet), then left alone once its first message shows a bot.
    await t.emulator.until(() => t.bot.ctx.state.forumPosts.outcome(thread.id) === 'ignored');
    expect(ignoredLines(thread, 'bot').length).toBeGreaterThan(0);
    expect(botMessagesIn(t, thread.id)).toEqual([]);
    expect(logsOf(t).filter((l) => l.channel === thread.id && String(l.msg).startsWith('question'))).toEqual([]);
  });

  it('gives a post the article cannot answer one short note, or nothing when the moderators want silence', async () => {
    const mark = t.emulator.mark();
    const noted = post('Pizza', 'What is the best recipe for a margherita pizza?');
    expect(await settled(noted)).toMatchObject({ outcome: 'unanswered', tagged: false });
    const [note, ...more] = botMessagesIn(t, noted.id);
    expect(more).toEqual([]);
    expect(note!.content).toBe(say('forum.unanswered', 'en'));
    expect(note!.components).toEqual([]);
    // Not tagged answered, and no follow-up there is taken for a question to the bot.
    expect(t.emulator.requestsAfter(mark, (r) => r.method === 'PATCH' && r.path === `/channels/${noted.id}`)).toEqual([]);

    const set = await kbConfig([{ type: 3, name: 'forum_unanswered', value: 'silent' }]);
    expect(set.embeds[0].fields.find((f: Json) => f.name === 'Forum posts the article cannot answer').value).toBe('no reply');
    try {
      const silent = post('Météo', 'Quel temps fera-t-il à Lyon demain ?');
      expect(await settled(silent)).toMatchObject({ outcome: 'unanswered' });
      expect(logsOf(t).find((l) => l.msg === 'question answered' && l.channel === silent.id)).toMatchObject({ refused: true, language: 'fr' });
      expect(botMessagesIn(t, silent.id)).toEqual([]);
    } finally {
      await kbConfig([{ type: 3, name: 'forum_unanswered', value: 'note' }]);
    }
  });

  it('leaves posts of any other forum alone', async () => {
    const thread = post('Who founded Alibaba?', 'Same question, other forum.', { forumId: otherForum.id });
    await t.emulator.until(() => logsOf(t).find((l) => l.msg === 'a post outside the designated forum; ignored' && l.thread === thread.id));
    expect(await settled(post('Who founded Alibaba?', 'I could not find it on their site.'))).toMatchObject({ outcome: 'answered' });
    expect(botMessagesIn(t, thread.id)).toEqual([]);
    expect(t.emulator.channels.get(thread.id)!.appliedTags).toEqual([]);
  });

  it('answers the designated forum when an allow-list names other channels, and stops once the forum is cleared', async () => {
    await kbConfig([{ type: 7, name: 'allow_channel', value: t.channels[1]!.id }]);
    try {
      expect(await settled(post('Who founded Alibaba?', 'I could not find it on their site.'))).toMatchObject({ outcome: 'answered' });
    } finally {
      await kbConfig([{ type: 5, name: 'clear_allowed', value: true }]);
    }
    expect((await kbConfig([{ type: 5, name: 'clear_forum', value: true }])).embeds[0].fields.find((f: Json) => f.name === 'Forum answered by the bot').value).toBe('none');
    try {
      const thread = post('Who founded Alibaba?', 'No forum designated now.');
      await t.emulator.until(() => logsOf(t).find((l) => l.msg === 'a post outside the designated forum; ignored' && l.thread === thread.id));
      expect(botMessagesIn(t, thread.id)).toEqual([]);
    } finally {
      await kbConfig([{ type: 7, name: 'forum_channel', value: forum.id }]);
    }
  });

  it('keeps a post’s tags when it already carries five, and a post in French is tagged the same way', async () => {
    const full = t.emulator.createForum(t.guild.id, { name: 'aide', tags: ['a', 'b', 'c', 'd', 'e', 'Répondu'] });
    await kbConfig([{ type: 7, name: 'forum_channel', value: full.id }]);
    try {
      const five = full.availableTags!.slice(0, 5).map((x) => x.id);
      const crowded = post('Qui a fondé Alibaba ?', 'Je cherche les noms.', { forumId: full.id, appliedTags: five });
      expect(await settled(crowded)).toMatchObject({ outcome: 'answered', tagged: false });
      expect(t.emulator.channels.get(crowded.id)!.appliedTags).toEqual(five);
      const french = post('Qui a fondé Alibaba ?', 'Je cherche les noms.', { forumId: full.id });
      expect(await settled(french)).toMatchObject({ outcome: 'answered', tagged: true });
      expect(t.emulator.channels.get(french.id)!.appliedTags).toEqual([full.availableTags![5]!.id]);
    } finally {
      await kbConfig([{ type: 7, name: 'forum_channel', value: forum.id }]);
    }
  });
});
