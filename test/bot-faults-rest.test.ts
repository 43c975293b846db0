import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import { DiscordEmulator, type Interaction, type RecordedRequest, type StoredMessage } from './discord-emulator/index.js';

const SERVER_ERROR = { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
/** discord.js sends a request at most 4 times (3 retries) when Discord answers 5xx. */
const ATTEMPTS = 4;

/**
 * Discord's REST API fails under the bot: rate limits are waited out, server errors retried, and a message that
 * finally cannot be sent is logged with the question's request id, while the bot goes on answering.
 */
describe('the bot when Discord’s REST API fails', () => {
  let t: BotUnderTest;
  let general: string;
  beforeAll(async () => {
    t = await startBotUnderTest();
    general = t.channels[0]!.id;
  });
  afterAll(() => t?.stop());

  const mention = (text: string): StoredMessage => t.emulator.postMessage({ channelId: general, author: t.member, content: `<@${t.emulator.botUser.id}> ${text}` });
  const slash = (text: string): Interaction => t.emulator.runCommand({ channelId: general, user: t.member, name: 'ask', options: [{ type: 3, name: 'question', value: text }] });
  const isReplyPost = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${general}/messages`;
  /** The /ask reply that carries an answer ready at once: the interaction's callback. */
  const isAnswerReply = (interaction: Interaction) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/interactions/${interaction.id}/${interaction.token}/callback`;
  const logLines = () => t.logs.map((line) => JSON.parse(line));

  it('waits out a 429 on a reply for its retry_after, then delivers it', async () => {
    const mark = t.emulator.mark();
    t.emulator.failRest(isReplyPost, DiscordEmulator.rateLimited(0.5));
    const asked = mention('Who founded Alibaba?');
    const reply = await t.emulator.until(() => t.emulator.repliesTo(asked.id)[0], 5000);
    expect(reply.content).toMatch(/Jack Ma/);
    const [limited, delivered] = t.emulator.requestsAfter(mark, isReplyPost);
    expect([limited!.status, delivered!.status]).toEqual([429, 200]);
    expect(delivered!.at - limited!.at).toBeGreaterThanOrEqual(490);
  });

  it('waits out a global 429 on an /ask reply, then delivers it', async () => {
    const mark = t.emulator.mark();
    const interaction = slash('Quand Alibaba a-t-il été créé ?');
    t.emulator.failRest(isAnswerReply(interaction), DiscordEmulator.rateLimited(0.4, true));
    const reply = await t.emulator.waitForRequest((r) => isAnswerReply(interaction)(r) && r.status < 300, { after: mark, timeoutMs: 5000 });
    expect(reply.body!.data.content).toMatch(/1999/);
    const limited = t.emulator.requestsAfter(mark, isAnswerReply(interaction)).find((r) => r.status === 429)!;
    expect(reply.at - limited.at).toBeGreaterThanOrEqual(390);
  });

  it('retries after a 500 and delivers the answer once', async () => {
    const interaction = slash('Where are the Alibaba Cloud datacenters?');
    t.emulator.failRest(isAnswerReply(interaction), SERVER_ERROR, 2);
    const reply = await t.emulator.waitForRequest((r) => isAnswerReply(interaction)(r) && r.status < 300, { timeoutMs: 5000 });
    expect(reply.body!.data.content).toMatch(/Dubaï|Dubai|Tokyo/);
    expect(t.emulator.requests.filter(isAnswerReply(interaction)).map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('logs a reply that cannot be sent with the question’s request id, and answers the next question', async () => {
    const mark = t.emulator.mark();
    // Every attempt at the answer and at the failure notice gets a 500.
    t.emulator.failRest(isReplyPost, SERVER_ERROR, 2 * ATTEMPTS);
    const asked = mention('When was Alibaba Cloud launched?');
    const failed = await t.emulator.until(() => logLines().find((l) => l.msg === 'question failed'), 5000);
    expect(failed).toMatchObject({ level: 50, requestId: expect.stringMatching(/^[0-9a-f]{8}$/), status: 500, source: 'mention' });
    // The request id leads to the question in the question log.
    expect(questionRow(failed.requestId)).toMatchObject({ question: 'When was Alibaba Cloud launched?' });
    const attempts = await t.emulator.until(() => t.emulator.requestsAfter(mark, isReplyPost).length >= 2 * ATTEMPTS && t.emulator.requestsAfter(mark, isReplyPost));
    expect(attempts.map((r) => r.status)).toEqual(new Array(2 * ATTEMPTS).fill(500));
    expect(t.emulator.repliesTo(asked.id)).toEqual([]);

    const next = mention('Who founded Alibaba?');
    expect((await t.emulator.until(() => t.emulator.repliesTo(next.id)[0], 5000)).content).toMatch(/Jack Ma/);
  });

  it('logs an /ask answer Discord refuses (403) with its request id and error code, without retrying', async () => {
    const interaction = slash('Qui est Chip Childers ?');
    t.emulator.failRest(isAnswerReply(interaction), { status: 403, body: { message: 'Missing Permissions', code: 50013 } }, 2);
    const failed = await t.emulator.until(() => logLines().find((l) => l.msg === 'question failed' && l.source === 'slash'), 5000);
    expect(failed).toMatchObject({ requestId: expect.stringMatching(/^[0-9a-f]{8}$/), status: 403, code: 50013, err: 'Missing Permissions' });
    expect(questionRow(failed.requestId)).toMatchObject({ source: 'slash' });
    // The answer's reply, then the failure notice's: each tried once.
    const replies = await t.emulator.until(() => t.emulator.requests.filter(isAnswerReply(interaction)).length >= 2 && t.emulator.requests.filter(isAnswerReply(interaction)));
    expect(replies.map((r) => r.status)).toEqual([403, 403]);
  });

  it('never crashed: no handler failed outside its own error path, and the token is in no log line', () => {
    const lines = logLines();
    expect(lines.filter((l) => l.msg === 'event handler failed' || l.msg === 'interaction failed')).toEqual([]);
    expect(t.logs.join('\n')).not.toContain(t.emulator.token);
    expect(lines.filter((l) => l.msg === 'question failed').every((l) => !/webhooks|interactions/.test(JSON.stringify(l)))).toBe(true);
  });

  function questionRow(requestId: string): unknown {
    const db = new Database(t.config.databasePath, { readonly: true });
    try {
      return db.prepare('SELECT question, source FROM questions WHERE request_id = ?').get(requestId);
    } finally {
      db.close();
    }
  }
});
