import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import { DiscordEmulator, Op, Permission } from './discord-emulator/index.js';

/** The emulator's fault hooks, with the bot riding them out: what the load and fault tests build on. */
describe('the emulator’s faults', () => {
  let t: BotUnderTest;
  beforeAll(async () => {
    t = await startBotUnderTest({ emulator: { heartbeatIntervalMs: 300 } });
  });
  afterAll(() => t?.stop());

  const askAndWait = async (text: string) => {
    const asked = t.emulator.postMessage({ channelId: t.channels[0]!.id, author: t.member, content: `<@${t.emulator.botUser.id}> ${text}` });
    return t.emulator.until(() => t.emulator.repliesTo(asked.id)[0], 10_000);
  };

  it('answers 429 with retry_after, and discord.js waits and retries', async () => {
    const mark = t.emulator.mark();
    t.emulator.failRest((r) => r.method === 'POST' && r.path === `/channels/${t.channels[0]!.id}/messages`, DiscordEmulator.rateLimited(0.2));
    const reply = await askAndWait('Who founded Alibaba?');
    expect(reply.content).toMatch(/Jack Ma/);
    const posts = t.emulator.requestsAfter(mark, (r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(190);
  });

  it('answers 500, and discord.js retries', async () => {
    const mark = t.emulator.mark();
    t.emulator.failRest((r) => r.method === 'POST' && r.path.endsWith('/messages'), { status: 500, body: { message: 'boom', code: 0 } });
    expect((await askAndWait('Who founded Alibaba?')).content).toMatch(/Jack Ma/);
    expect(t.emulator.requestsAfter(mark, (r) => r.method === 'POST' && r.path.endsWith('/messages')).map((r) => r.status)).toEqual([500, 200]);
  });

  it.each([4000, 1006])('resumes after the gateway closes with %i, missing no question', async (code) => {
    const resumesBefore = t.emulator.gateway.received.filter((p) => p.op === Op.Resume).length;
    t.emulator.gateway.drop(0, code);
    // Asked while the bot is disconnected: delivered when it resumes.
    const reply = await askAndWait('When was Alibaba Cloud launched?');
    expect(reply.content).toMatch(/2009/);
    expect(t.emulator.gateway.received.filter((p) => p.op === Op.Resume).length).toBe(resumesBefore + 1);
  });

  it('reconnects when heartbeats go unanswered', async () => {
    const resumesBefore = t.emulator.gateway.received.filter((p) => p.op === Op.Resume).length;
    t.emulator.gateway.hooks.ackHeartbeats = false;
    await t.emulator.until(() => t.emulator.gateway.received.filter((p) => p.op === Op.Resume).length > resumesBefore, 10_000);
    t.emulator.gateway.hooks.ackHeartbeats = true;
    expect((await askAndWait('Who founded Alibaba?')).content).toMatch(/Jack Ma/);
  });

  it('refuses an interaction acknowledged after the 3-second window', async () => {
    t.emulator.interactionAckWindowMs = 0;
    const interaction = t.emulator.runCommand({ channelId: t.channels[0]!.id, user: t.member, name: 'ask', options: [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }] });
    const callback = await t.emulator.waitForRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
    t.emulator.interactionAckWindowMs = 3000;
    expect(callback.status).toBe(404);
    expect(callback.response).toMatchObject({ code: 10062 });
  });
});

/** DMs and forums as Discord shapes and checks them, through the emulator's REST API alone. */
describe('the emulator’s DMs and forums', () => {
  let emulator: DiscordEmulator;
  beforeAll(async () => {
    emulator = await DiscordEmulator.start();
  });
  afterAll(() => emulator?.stop());

  const call = async (method: string, path: string, body?: unknown, token = emulator.token) => {
    const response = await fetch(`${emulator.apiUrl}/v10${path}`, {
      method,
      headers: { authorization: `Bot ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as Record<string, any>) };
  };

  it('opens one DM channel per user (type 1, the user as recipient) and refuses what Discord refuses', async () => {
    const user = emulator.createUser('jo');
    const opened = await call('POST', '/users/@me/channels', { recipient_id: user.id });
    expect(opened).toMatchObject({ status: 200, body: { type: 1, recipients: [{ id: user.id }] } });
    expect((await call('POST', '/users/@me/channels', { recipient_id: user.id })).body!.id).toBe(opened.body!.id);
    expect(emulator.dmChannel(user).id).toBe(opened.body!.id);
    expect(await call('POST', '/users/@me/channels', { recipient_id: 'nobody' })).toMatchObject({ status: 400, body: { code: 50035 } });
    expect(await call('POST', '/users/@me/channels', { recipient_id: '123456789012345678' })).toMatchObject({ status: 404, body: { code: 10013 } });
    expect((await call('POST', '/users/@me/channels', { recipient_id: user.id }, 'not-the-token')).status).toBe(401);
    // A message in the DM is the bot's to send, and the user's only to write there.
    expect(await call('POST', `/channels/${opened.body!.id}/messages`, { content: 'hello' })).toMatchObject({ status: 200, body: { channel_id: opened.body!.id } });
    expect(() => emulator.postMessage({ channelId: opened.body!.id, author: emulator.createUser('stranger'), content: 'hi' })).toThrow(/not in DM/);
  });

  it('makes a forum post a thread (type 11) whose first message has its id, and checks a post’s title and tags', () => {
    const { guild } = emulator.createGuild();
    const forum = emulator.createForum(guild.id, { tags: ['answered'] });
    const author = emulator.createUser('kim');
    const { thread, starter } = emulator.createForumPost({ forumId: forum.id, author, title: 'Who founded Alibaba?', content: 'Anyone?' });
    expect(thread).toMatchObject({ type: 11, parentId: forum.id, ownerId: author.id, appliedTags: [] });
    expect(starter).toMatchObject({ id: thread.id, channelId: thread.id, content: 'Anyone?' });
    expect(() => emulator.createForumPost({ forumId: forum.id, author, title: 'x'.repeat(101), content: 'Anyone?' })).toThrow(/title/);
    expect(() => emulator.createForumPost({ forumId: forum.id, author, title: 'Tags', content: 'Anyone?', appliedTags: ['123456789012345678'] })).toThrow(/tags/);
    expect(() => emulator.createForumPost({ forumId: guild.channelIds[0]!, author, title: 'Here?', content: 'Anyone?' })).toThrow(/not a forum/);
  });

  it('sets a post’s tags with PATCH /channels/:id as Discord allows: the forum’s own, at most 5, moderated ones with Manage Threads', async () => {
    const { guild, channels } = emulator.createGuild();
    const forum = emulator.createForum(guild.id, { tags: ['a', 'b', 'c', 'd', 'e', 'f', { name: 'staff', moderated: true }] });
    const ids = forum.availableTags!.map((tag) => tag.id);
    const { thread } = emulator.createForumPost({ forumId: forum.id, author: emulator.createUser('lee'), title: 'A post', content: 'Body' });
    const tag = (tags: unknown) => call('PATCH', `/channels/${thread.id}`, { applied_tags: tags });
    expect(await tag(ids.slice(0, 2))).toMatchObject({ status: 200, body: { id: thread.id, applied_tags: ids.slice(0, 2) } });
    expect(thread.appliedTags).toEqual(ids.slice(0, 2));
    expect(await tag(ids.slice(0, 6))).toMatchObject({ status: 400, body: { code: 50035, message: expect.stringMatching(/5 or fewer/) } });
    expect(await tag(['123456789012345678'])).toMatchObject({ status: 400, body: { code: 50035, message: expect.stringMatching(/Unknown tag/) } });
    expect(await tag('a')).toMatchObject({ status: 400, body: { code: 50035 } });
    expect(await call('PATCH', `/channels/${channels[0]!.id}`, { applied_tags: [] })).toMatchObject({ status: 400, body: { code: 50024 } });
    expect(await call('PATCH', `/channels/${thread.id}`, { name: '' })).toMatchObject({ status: 400, body: { code: 50035 } });
    // Without Manage Threads the bot may not tag someone else's post, a moderated tag least of all.
    const bot = guild.members.get(emulator.botUser.id)!;
    const granted = bot.permissions;
    bot.permissions = granted & ~Permission.ManageThreads;
    try {
      expect(await tag([ids[6]])).toMatchObject({ status: 403, body: { code: 50013 } });
      expect(await tag([ids[0]])).toMatchObject({ status: 403, body: { code: 50013 } });
    } finally {
      bot.permissions = granted;
    }
    expect(await tag([ids[0], ids[6]])).toMatchObject({ status: 200, body: { applied_tags: [ids[0], ids[6]] } });
    // A thread under a text channel has no tags to carry.
    const message = emulator.postMessage({ channelId: channels[0]!.id, author: emulator.createUser('max'), content: 'hi' });
    expect((await call('POST', `/channels/${channels[0]!.id}/messages/${message.id}/threads`, { name: 'chat' })).status).toBe(201);
    expect(await call('PATCH', `/channels/${message.id}`, { applied_tags: [] })).toMatchObject({ status: 400, body: { code: 50035, message: expect.stringMatching(/posts of a forum/) } });
  });
});
