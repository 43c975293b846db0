import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Json } from './discord-emulator/model.js';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import type { Interaction, RecordedRequest, StoredMessage, User } from './discord-emulator/index.js';
import { pingsNobody } from './discord-emulator/index.js';
import { pruneQuestionLog } from '../src/bot/retention.js';

const EPHEMERAL = 64;

/**
 * The bot end to end: a real discord.js client and the real Engine on the embedded article, against the
 * emulator. Tests run in order and share one bot; each looks only at the requests made after its own mark.
 */
describe('the Discord bot', () => {
  let t: BotUnderTest;
  let general: string;
  let random: string;
  let botMention: string;

  beforeAll(async () => {
    t = await startBotUnderTest();
    general = t.channels[0]!.id;
    random = t.channels[1]!.id;
    botMention = `<@${t.emulator.botUser.id}>`;
  });
  afterAll(() => t?.stop());

  const mention = (author: User, text: string, channelId = general) => t.emulator.postMessage({ channelId, author, content: `${botMention} ${text}` });
  const replyTo = (message: StoredMessage) => t.emulator.until(() => t.emulator.repliesTo(message.id)[0]);
  const slash = (user: User, name: string, options: Json[] = [], channelId = general) => t.emulator.runCommand({ channelId, user, name, options });
  const kb = (user: User, sub: string, options: Json[] = []) => slash(user, 'kb', [{ type: 1, name: sub, options }]);
  const callbackOf = (interaction: Interaction) => t.emulator.waitForRequest((r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
  /** The interaction's requests after its callback: none when the answer was the reply itself. */
  const requestsOf = (interaction: Interaction) => t.emulator.requestsAfter(0, (r) => r.path.includes(interaction.token));

  it('answers a mention with a reply that cites the article, lists the sources and has the buttons', async () => {
    const reply = await replyTo(mention(t.member, 'Who founded Alibaba?'));
    expect(reply.content).toMatch(/Jack Ma/);
    expect(reply.content).toMatch(/\[1\]/);
    const sources = reply.embeds[0]!;
    expect(sources.title).toBe('Sources');
    expect(sources.fields![0]!.name).toMatch(/^\[1\] §\d+/);
    expect(sources.fields![0]!.value).toMatch(/translated from the French/);
    const buttons = reply.components[0]!.components.map((b: Json) => b.custom_id);
    expect(buttons).toEqual([expect.stringMatching(/^sources:[0-9a-f]{32}$/), expect.stringMatching(/^vote:[0-9a-f]{32}:up$/), expect.stringMatching(/^vote:[0-9a-f]{32}:down$/)]);
  });

  it('answers /ask with the reply itself, one request, when the answer is ready at once, in the question’s language', async () => {
    const interaction = slash(t.member, 'ask', [{ type: 3, name: 'question', value: 'Quand le groupe Alibaba a-t-il été créé ?' }]);
    const callback = await callbackOf(interaction);
    expect(callback.body).toMatchObject({ type: 4 });
    expect(callback.at - interaction.dispatchedAt).toBeLessThan(1000);
    expect(callback.body!.data.content).toMatch(/1999/);
    expect(callback.body!.data.content).toMatch(/L’article indique/);
    expect(callback.body!.data.components[0].components.length).toBe(3);
    await t.emulator.until(() => t.logs.some((l) => l.includes('"question answered"') && l.includes('"source":"slash"')));
    expect(requestsOf(interaction).map((r) => r.method)).toEqual(['POST']);
    expect(t.emulator.original(interaction)!.flags & EPHEMERAL).toBe(0);
  });

  it('logs and answers with its buttons an /ask whose channel discord.js does not know (channelId null)', async () => {
    const interaction = t.emulator.runCommand({ channelId: general, user: t.member, name: 'ask', options: [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }], withoutChannelObject: true });
    const callback = await callbackOf(interaction);
    expect(callback.body!.data.content).toMatch(/Jack Ma/);
    expect(callback.body!.data.components[0].components).toHaveLength(3);
    expect(t.logs.filter((l) => l.includes('could not record the question'))).toEqual([]);
  });

  it('refuses briefly, in the question’s language, what the article does not cover', async () => {
    const reply = await replyTo(mention(t.member, 'Quel temps fera-t-il demain à Paris ?'));
    expect(reply.content).toMatch(/^L’article n’en parle pas/);
    expect(reply.content.length).toBeLessThan(200);
    expect(reply.embeds).toEqual([]);
    expect(reply.components[0]!.components.map((b: Json) => b.custom_id)).toEqual([expect.stringMatching(/:up$/), expect.stringMatching(/:down$/)]);
  });

  it('gives a one-line usage hint for an empty mention', async () => {
    const reply = await replyTo(t.emulator.postMessage({ channelId: general, author: t.member, content: botMention }));
    expect(reply.content).toMatch(/mention me with your question, or use \/ask/);
    expect(reply.content).not.toMatch(/\n/);
  });

  it('names /ask as members of a French guild see it (/demander) in the usage hint and the note of a button clicked elsewhere', async () => {
    const { guild, channels } = t.emulator.createGuild({ name: 'Club', channels: ['salon'], preferredLocale: 'fr' });
    const francophone = t.emulator.createUser('camille');
    t.emulator.addMember(guild.id, francophone);
    await t.emulator.until(() => t.bot.client.channels.cache.get(channels[0]!.id));
    const usage = await replyTo(t.emulator.postMessage({ channelId: channels[0]!.id, author: francophone, content: botMention }));
    expect(usage.content).toMatch(/ou utilisez \/demander\.$/);
    const answer = await replyTo(mention(t.moderator, 'Who founded Alibaba?'));
    const upId = answer.components[0]!.components.at(-1).custom_id as string;
    const click = t.emulator.clickButton({ messageId: answer.id, customId: upId, user: francophone, channelId: channels[0]!.id, locale: 'fr' });
    expect((await callbackOf(click)).body!.data.content).toMatch(/avec \/demander\.$/);
  });

  it('never pings for @everyone in a question', async () => {
    const mark = t.emulator.mark();
    const reply = await replyTo(mention(t.member, '@everyone @here who founded Alibaba?'));
    expect(reply.content).toMatch(/Jack Ma/);
    expect(reply.content).not.toMatch(/@everyone|@here/);
    const writes = t.emulator.messageWrites(mark);
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) expect(write.pings).toEqual({ everyone: false, users: [], roles: [] });
  });

  it('ignores other bots and itself, even when they mention it', async () => {
    const otherBot = t.emulator.createUser('helper-bot', { bot: true });
    t.emulator.addMember(t.guild.id, otherBot);
    const fromBot = mention(otherBot, 'Who founded Alibaba?');
    const fromItself = t.emulator.postMessage({ channelId: general, author: t.emulator.botUser, content: `${botMention} Who founded Alibaba?` });
    // Messages are handled in order, so once a later human question is answered the earlier ones were seen.
    await replyTo(mention(t.member, 'When did Alibaba launch Alibaba Cloud?'));
    expect(t.emulator.repliesTo(fromBot.id)).toEqual([]);
    expect(t.emulator.repliesTo(fromItself.id)).toEqual([]);
  });

  it('refuses /kb to a member with an ephemeral message, and the command asks for Manage Server', async () => {
    const interaction = kb(t.member, 'stats');
    const callback = await callbackOf(interaction);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(callback.body!.data.content).toMatch(/Manage Server/);
    expect(callback.body!.data.embeds ?? []).toEqual([]);
  });

  it('shows /kb stats to a moderator', async () => {
    const interaction = kb(t.moderator, 'stats', [{ type: 3, name: 'period', value: 'all' }]);
    const callback = await callbackOf(interaction);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    const embed = callback.body!.data.embeds[0];
    const field = (name: string) => embed.fields.find((f: Json) => f.name === name).value;
    expect(field('Questions')).toMatch(/^[1-9]\d* answered · [1-9]\d* refused$/);
    expect(field('Engine latency')).toMatch(/^p50 \d+ ms · p95 \d+ ms$/);
  });

  it('stores one vote per user per answer: a second click changes it, never counts twice', async () => {
    const reply = await replyTo(mention(t.member, 'Where are the Alibaba Cloud datacenters?'));
    const answerRef = /sources:([0-9a-f]{32})/.exec(JSON.stringify(reply.components))![1]!;
    const answerId = t.bot.ctx.state.questions.byButtonRef(answerRef)!.id;
    const click = async (user: User, vote: 'up' | 'down') => (await callbackOf(t.emulator.clickButton({ messageId: reply.id, customId: `vote:${answerRef}:${vote}`, user }))).body!.data;
    const before = t.bot.ctx.state.stats.stats(t.guild.id, 0);

    expect((await click(t.member, 'up')).content).toMatch(/Thanks for your feedback: 👍/);
    expect((await click(t.member, 'up')).content).toMatch(/already voted 👍/);
    const afterTwoUps = t.bot.ctx.state.stats.stats(t.guild.id, 0);
    expect(afterTwoUps.thumbsUp - before.thumbsUp).toBe(1);

    const changed = await click(t.member, 'down');
    expect(changed.content).toMatch(/now 👎/);
    expect(changed.flags).toBe(EPHEMERAL);
    await click(t.moderator, 'down');
    const after = t.bot.ctx.state.stats.stats(t.guild.id, 0);
    expect(after.thumbsUp - before.thumbsUp).toBe(0);
    expect(after.thumbsDown - before.thumbsDown).toBe(2);

    const feedback = (await callbackOf(kb(t.moderator, 'feedback'))).body!.data.embeds[0];
    expect(feedback.fields[0].name).toMatch(new RegExp(`^#${answerId} · 👎 2`));
    expect(feedback.fields[0].value).toMatch(/Where are the Alibaba Cloud datacenters\?/);
  });

  it('shows the full cited passages, translation and French original, only to the one who clicks Sources', async () => {
    const reply = await replyTo(mention(t.member, 'Who founded Alibaba?'));
    const sourcesId = reply.components[0]!.components[0].custom_id;
    const data = (await callbackOf(t.emulator.clickButton({ messageId: reply.id, customId: sourcesId, user: t.moderator }))).body!.data;
    expect(data.flags).toBe(EPHEMERAL);
    const [translation, original] = data.embeds;
    expect(translation.title).toMatch(/^\[1\] §1 .*\(translated from the French\)$/);
    expect(translation.description).toMatch(/Founded in 1999 by Jack Ma/);
    expect(original.title).toMatch(/^Original \(French\)/);
    expect(original.description).toMatch(/Créé en 1999 par Jack Ma/);
  });

  it('does nothing for a click in another guild on this guild’s buttons, and says so politely; Sources only in the answer’s channel', async () => {
    const reply = await replyTo(mention(t.member, 'Who founded Alibaba?'));
    const [sourcesId, upId] = reply.components[0]!.components.map((b: Json) => b.custom_id as string);
    const { channels: elsewhere } = t.emulator.createGuild({ name: 'Other Club', channels: ['lobby'] });
    const stranger = t.emulator.createUser('mallory');
    const votes = () => {
      const { thumbsUp, thumbsDown } = t.bot.ctx.state.stats.stats(t.guild.id, 0);
      return { thumbsUp, thumbsDown };
    };
    const before = votes();
    const fromElsewhere = async (customId: string, channelId: string) =>
      (await callbackOf(t.emulator.clickButton({ messageId: reply.id, customId, user: stranger, channelId }))).body!.data;

    for (const customId of [upId!, sourcesId!]) {
      const refused = await fromElsewhere(customId, elsewhere[0]!.id);
      expect(refused).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^This button belongs to an answer given elsewhere/) });
      expect(refused.embeds ?? []).toEqual([]);
    }
    expect(votes()).toEqual(before);
    // In the same guild but another channel, a vote counts; the sources stay where the answer is.
    expect((await fromElsewhere(sourcesId!, random)).content).toMatch(/^This button belongs to an answer given elsewhere/);
    expect((await fromElsewhere(upId!, random)).content).toMatch(/Thanks for your feedback/);
    // A button from before references (a sequential id) is no longer honoured.
    expect((await callbackOf(t.emulator.clickButton({ messageId: reply.id, customId: 'vote:1:down', user: t.member }))).body!.data.content).toMatch(/no longer have/);
  });

  it('lets a member ask a burst of questions, then gives the next one back with when to ask again; follow-ups in the answer’s thread are free', async () => {
    const set = (await callbackOf(kb(t.moderator, 'config', [{ type: 4, name: 'member_burst', value: 2 }, { type: 5, name: 'answer_in_thread', value: true }]))).body!.data;
    expect(set.embeds[0].fields.find((f: Json) => f.name === 'Questions in a row per member').value).toBe('2, refilled over 60 s');
    const asker = t.emulator.createUser('bob');
    t.emulator.addMember(t.guild.id, asker);
    /** Resolves once the bot has logged one more answer than before: the answer is delivered and the bot done with it. */
    const answered = () => t.logs.filter((l) => l.includes('"question answered"')).length;
    const nextAnswer = async (ask: () => StoredMessage) => {
      const before = answered();
      const message = ask();
      await t.emulator.until(() => answered() > before);
      return message;
    };
    const first = await nextAnswer(() => mention(asker, 'Who founded Alibaba?'));
    expect(t.emulator.messagesIn(first.id).find((m) => m.author.bot)!.content).toMatch(/Jack Ma/);
    // Reading the answer and asking on in its thread spends nothing, however many turns.
    for (const followUp of ['When was it created?', 'Where are the datacenters?', 'Who is Chip Childers?']) {
      const asked = await nextAnswer(() => t.emulator.postMessage({ channelId: first.id, author: asker, content: followUp }));
      expect(t.emulator.repliesTo(asked.id)[0]!.content).not.toMatch(/several questions in a row/);
    }
    const second = await nextAnswer(() => mention(asker, 'When was Alibaba Cloud launched?'));
    expect(t.emulator.messagesIn(second.id).find((m) => m.author.bot)!.content).toMatch(/\[1\]|doesn’t say/);
    const third = await replyTo(mention(asker, 'Where are the datacenters?'));
    expect(third.content).toMatch(/^You have asked several questions in a row\. You can ask again in (30|29) s\. Your question was: “Where are the datacenters\?”$/);
    const viaSlash = (await callbackOf(slash(asker, 'ask', [{ type: 3, name: 'question', value: 'Qui a fondé Alibaba ?' }]))).body!;
    // Ephemeral, and without link previews (SuppressEmbeds, 4).
    expect(viaSlash).toMatchObject({ type: 4, data: { flags: EPHEMERAL | 4 } });
    expect(viaSlash.data.content).toMatch(/^Vous avez posé plusieurs questions d’affilée\. .*« Qui a fondé Alibaba \? »$/);
    // Another member is not slowed down by bob.
    const carol = t.emulator.createUser('carol');
    t.emulator.addMember(t.guild.id, carol);
    const fromCarol = await nextAnswer(() => mention(carol, 'Who founded Alibaba?'));
    expect(t.emulator.messagesIn(fromCarol.id).find((m) => m.author.bot)!.content).toMatch(/Jack Ma/);
    await callbackOf(kb(t.moderator, 'config', [{ type: 4, name: 'member_burst', value: 0 }, { type: 5, name: 'answer_in_thread', value: false }]));
  });

  it('answers in a new thread when the guild asks for it, and follow-ups there use the thread’s turns', async () => {
    await callbackOf(kb(t.moderator, 'config', [{ type: 5, name: 'answer_in_thread', value: true }]));
    const mark = t.emulator.mark();
    const asked = mention(t.member, 'When did Alibaba Cloud start expanding its datacenters?');
    const threadCreation = await t.emulator.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${general}/messages/${asked.id}/threads`, { after: mark });
    expect(threadCreation.body!.name).toMatch(/^Question: When did Alibaba Cloud start expanding/);
    const threadId = asked.id;
    const firstAnswer = await t.emulator.until(() => t.emulator.messagesIn(threadId).find((m) => m.author.bot));
    expect(firstAnswer.content).toMatch(/2016/);

    // In its own thread the bot answers without being mentioned.
    const followUp = t.emulator.postMessage({ channelId: threadId, author: t.member, content: 'Where are they?' });
    const second = await replyTo(followUp);
    expect(second.channelId).toBe(threadId);
    expect(second.content).toMatch(/Dubaï|Dubai|Tokyo/);
    // The log line is written once Discord has confirmed the reply.
    const line = await t.emulator.until(() => t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'question answered' && l.source === 'thread'));
    expect(line).toMatchObject({ historyTurns: 1, refused: false });
    // A thank-you closes a turn without an answer; the next question is answered as usual.
    const thanks = t.emulator.postMessage({ channelId: threadId, author: t.member, content: 'Merci !' });
    await replyTo(t.emulator.postMessage({ channelId: threadId, author: t.member, content: 'Qui a fondé Alibaba ?' }));
    expect(t.emulator.repliesTo(thanks.id)).toEqual([]);

    // An /ask answer gets a thread under it, where follow-ups continue its conversation.
    const interaction = slash(t.member, 'ask', [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }]);
    await callbackOf(interaction);
    const answerId = t.emulator.original(interaction)!.id;
    await t.emulator.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${general}/messages/${answerId}/threads`);
    await t.emulator.until(() => t.bot.ctx.state.questions.history(answerId, 1).length > 0);
    const inThread = await replyTo(t.emulator.postMessage({ channelId: answerId, author: t.member, content: 'When was it created?' }));
    expect(inThread.content).toMatch(/1999/);
    await callbackOf(kb(t.moderator, 'config', [{ type: 5, name: 'answer_in_thread', value: false }]));
  });

  it('answers in the channel when it may not open a thread', async () => {
    await callbackOf(kb(t.moderator, 'config', [{ type: 5, name: 'answer_in_thread', value: true }]));
    t.emulator.failRest((r) => r.path.endsWith('/threads'), { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    const reply = await replyTo(mention(t.member, 'Who founded Alibaba?'));
    expect(reply.channelId).toBe(general);
    expect(reply.content).toMatch(/Jack Ma/);
    await callbackOf(kb(t.moderator, 'config', [{ type: 5, name: 'answer_in_thread', value: false }]));
  });

  it('never answers outside the allow-list once a moderator sets one', async () => {
    await callbackOf(kb(t.moderator, 'config', [{ type: 7, name: 'allow_channel', value: random }]));
    const ignored = mention(t.member, 'Who founded Alibaba?', general);
    const answered = await replyTo(mention(t.member, 'Who founded Alibaba?', random));
    expect(answered.content).toMatch(/Jack Ma/);
    expect(t.emulator.repliesTo(ignored.id)).toEqual([]);
    const refusal = (await callbackOf(slash(t.member, 'ask', [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }], general))).body!;
    expect(refusal).toMatchObject({ type: 4, data: { flags: EPHEMERAL | 4 } });
    expect(refusal.data.content).toContain(`<#${random}>`);
    await callbackOf(kb(t.moderator, 'config', [{ type: 5, name: 'clear_allowed', value: true }]));
  });

  it('answers /ask only to the asker when replies are not public', async () => {
    await callbackOf(kb(t.moderator, 'config', [{ type: 5, name: 'public_replies', value: false }]));
    const interaction = slash(t.member, 'ask', [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }]);
    expect((await callbackOf(interaction)).body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: expect.stringMatching(/Jack Ma/) } });
    expect(t.emulator.original(interaction)!.flags & EPHEMERAL).toBe(EPHEMERAL);
    await callbackOf(kb(t.moderator, 'config', [{ type: 5, name: 'public_replies', value: true }]));
  });

  it('answers /kb in the moderator’s Discord language', async () => {
    const inFrench = t.emulator.runCommand({ channelId: general, user: t.moderator, name: 'kb', options: [{ type: 1, name: 'config', options: [] }], locale: 'fr' });
    const embed = (await callbackOf(inFrench)).body!.data.embeds[0];
    expect(embed.title).toBe('Bot de l’article · réglages');
    expect(embed.fields.map((f: Json) => f.name)).toEqual(['Salons autorisés', 'Répondre aux mentions dans un fil', 'Questions d’affilée par membre', 'Réponses de /ask', 'Aperçus des liens', 'Forum où le bot répond', 'Publications du forum sans réponse dans l’article']);
    const refused = t.emulator.runCommand({ channelId: general, user: t.member, name: 'kb', options: [{ type: 1, name: 'stats', options: [] }], locale: 'fr' });
    expect((await callbackOf(refused)).body!.data.content).toBe('Seuls les membres ayant la permission **Gérer le serveur** peuvent utiliser /kb.');
  });

  it('lets a moderator try /kb reindex again at once when the rebuild failed (a read-only disk)', async () => {
    vi.spyOn(t.bot.ctx.engine, 'reindex').mockRejectedValueOnce(new Error('EROFS: read-only file system'));
    const interaction = kb(t.moderator, 'reindex');
    const failure = await t.emulator.waitForRequest((r) => r.method === 'POST' && r.path.includes(interaction.token) && !r.path.endsWith('/callback'));
    expect(failure.body!.content).toBe('Sorry, something went wrong while answering. Please try again.');
    expect(t.bot.ctx.limiter.claimedFor('reindex')).toBe(0);
  });

  it('rebuilds the index on /kb reindex and reports passages and time, then refuses another rebuild for a while', async () => {
    const started = Date.now();
    const interaction = kb(t.moderator, 'reindex');
    expect((await callbackOf(interaction)).body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    // Rebuilding embeds every passage and question of the knowledge again: seconds, more as the knowledge grows and on
    // a loaded machine (over 5 s once on two busy cores), so this wait allows more than an answer's.
    const edit = await t.emulator.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token), { timeoutMs: 20_000 });
    expect(edit.body!.content).toMatch(/^Index rebuilt: \d+ passages \(\d+ paragraphs\), \d+ dimensions, in \d+ ms\.$/);
    // Once per REINDEX_COOLDOWN_SECONDS (300 s by default) per process, whoever asks.
    const again = (await callbackOf(kb(t.moderator, 'reindex'))).body!;
    expect(again).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    // The cooldown runs from the request; the rebuild itself takes a few seconds of it.
    const left = Number(/^The index was rebuilt a short while ago\. It can be rebuilt again in (\d+) s\.$/.exec(again.data.content)?.[1]);
    expect(left).toBeLessThanOrEqual(300);
    expect(left).toBeGreaterThanOrEqual(300 - Math.ceil((Date.now() - started) / 1000));
  });

  it('prunes the question log past QUESTION_LOG_DAYS (90) at start-up and when asked, votes included', async () => {
    await t.emulator.until(() => t.logs.find((l) => l.includes('"question log pruned"')));
    const { state } = t.bot.ctx;
    const day = 86_400_000;
    const entry = { requestId: 'old', guildId: t.guild.id, channelId: general, userId: t.member.id, source: 'mention' as const, question: 'q', language: 'en' as const, answer: 'a', refused: false, citations: [], engineMs: 1 };
    const old = state.questions.record(entry, Date.now() - 91 * day);
    state.feedback.vote(old.id, t.member.id, 'down');
    const kept = state.questions.record(entry, Date.now() - 89 * day);
    expect(await pruneQuestionLog(t.bot.ctx)).toBe(1);
    expect(state.questions.get(old.id)).toBeUndefined();
    expect(state.questions.get(kept.id)).toBeDefined();
  });

  it('turns link previews off (SuppressEmbeds) on notes and answers without the sources embed, unless the guild turns them on', async () => {
    const SUPPRESS_EMBEDS = 4;
    const asker = t.emulator.createUser('linker');
    t.emulator.addMember(t.guild.id, asker);
    const usage = await replyTo(t.emulator.postMessage({ channelId: general, author: asker, content: botMention }));
    expect(usage.content).toMatch(/mention me with your question/);
    expect(usage.flags & SUPPRESS_EMBEDS).toBe(SUPPRESS_EMBEDS);
    const refusal = await replyTo(mention(asker, 'What is on https://evil.example/login ?'));
    expect(refusal.embeds).toEqual([]);
    expect(refusal.flags & SUPPRESS_EMBEDS).toBe(SUPPRESS_EMBEDS);
    // The flag would hide the sources embed too, so the answer that carries it goes without.
    const answer = await replyTo(mention(asker, 'Who founded Alibaba?'));
    expect(answer.embeds).toHaveLength(1);
    expect(answer.flags & SUPPRESS_EMBEDS).toBe(0);
    const viaSlash = (await callbackOf(slash(asker, 'ask', [{ type: 3, name: 'question', value: 'What is on https://evil.example/login ?' }]))).body!.data;
    expect(viaSlash.flags & SUPPRESS_EMBEDS).toBe(SUPPRESS_EMBEDS);

    const set = (await callbackOf(kb(t.moderator, 'config', [{ type: 5, name: 'previews', value: true }]))).body!.data;
    expect(set.embeds[0].fields.find((f: Json) => f.name === 'Link previews').value).toBe('on');
    const withPreviews = await replyTo(mention(asker, 'What is on https://evil.example/page ?'));
    expect(withPreviews.flags & SUPPRESS_EMBEDS).toBe(0);
    await callbackOf(kb(t.moderator, 'config', [{ type: 5, name: 'previews', value: false }]));
  });

  it('set allowedMentions on every message it sent, and none of them pings anyone', () => {
    const writes = t.emulator.messageWrites();
    expect(writes.length).toBeGreaterThan(20);
    for (const write of writes) {
      expect(write.body.allowed_mentions, `${write.request.method} ${write.request.path}`).toMatchObject({ parse: [] });
      if (write.body.message_reference) expect(write.body.allowed_mentions.replied_user).toBe(false);
      expect(pingsNobody(write.pings)).toBe(true);
    }
  });

  it('logs one line per question with a request id, guild, stage latencies and refusal, but no question text', () => {
    const lines = t.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'question answered');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line).toMatchObject({ level: 30, requestId: expect.stringMatching(/^[0-9a-f]{8}$/), guild: t.guild.id, refused: expect.any(Boolean) });
      expect(Object.keys(line.ms).sort()).toEqual(['answerMs', 'embedMs', 'reply', 'searchMs', 'totalMs']);
      expect(line).not.toHaveProperty('question');
    }
    expect(t.logs.join('\n')).not.toMatch(/Who founded Alibaba/);
  });

  it('never shows its token in logs or messages', () => {
    const everything = t.logs.join('\n') + JSON.stringify(t.emulator.messageWrites().map((w) => w.body));
    expect(everything).not.toContain(t.emulator.token);
    const authorized = t.emulator.requests.filter((r: RecordedRequest) => r.headers.authorization);
    expect(authorized.length).toBeGreaterThan(0);
  });
});
