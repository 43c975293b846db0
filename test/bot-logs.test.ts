import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProcessWorld, openProcessWorld } from './discord-emulator/bot-process.js';
import { ScriptedOpenAI } from './support/scripted-openai.js';

/** A self-hosted server's key: no known credential shape, so only the value read from the environment masks it. */
const API_KEY = 'local-llm-key-2f9c7a1e55d04b8c';

/**
 * The bot process's own log output (stderr) while secrets travel through error messages: a provider that
 * echoes the key in its 401, Discord errors that quote the Authorization header, a member who pastes both in
 * a question while question text is logged. Neither secret may appear; each must have been masked.
 */
describe('the bot process’s logs', () => {
  const model = new ScriptedOpenAI();
  let world: ProcessWorld;

  beforeAll(async () => {
    world = await openProcessWorld({ name: 'bot-logs' });
    model.otherwise(() => ({ status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${API_KEY}.`, type: 'invalid_request_error', code: 'invalid_api_key' } }) }));
    await world.start({
      ANSWERER: 'llm',
      OPENAI_BASE_URL: await model.start(),
      OPENAI_API_KEY: API_KEY,
      LOG_LEVEL: 'debug',
      LOG_MESSAGE_CONTENT: 'true',
      MEMBER_BURST: '0',
    });
  });
  afterAll(async () => {
    await world?.stop();
    await model.stop();
  });

  it('mask the token and the key in error logs and in logged questions', async () => {
    const { emulator, member } = world;
    const bot = world.bot!;
    const channelId = world.guilds[0]!.channelIds[0]!;
    const ask = (text: string) => emulator.postMessage({ channelId, author: member, content: `<@${emulator.botUser.id}> ${text}` });
    const logged = (predicate: (line: Record<string, any>) => boolean) => emulator.until(() => bot.logs().find(predicate), 10_000);
    // The answer and the failure notice are both refused, with an error that quotes the Authorization header.
    emulator.failRest((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`, { status: 400, body: { message: `Invalid Form Body (Authorization: Bot ${emulator.token})`, code: 50035 } }, 2);
    ask('Who founded Alibaba?');
    expect(await logged((l) => l.msg === 'language model failed; falling back to the extractive answer')).toMatchObject({ err: expect.stringContaining('[redacted]') });
    expect(await logged((l) => l.msg === 'question failed')).toMatchObject({ status: 400, err: expect.stringContaining('[redacted]') });

    const pasted = ask(`Is this your token ${emulator.token} or your key ${API_KEY}?`);
    await emulator.until(() => emulator.repliesTo(pasted.id)[0], 10_000);
    expect(await logged((l) => l.msg === 'question answered' && String(l.question).startsWith('Is this your token'))).toMatchObject({ question: expect.stringContaining('[redacted]') });

    expect(await bot.stop()).toBe(0);
    const output = bot.stderr() + bot.stdout();
    expect(output).not.toContain(emulator.token);
    expect(output).not.toContain(API_KEY);
    // The token's secret part, in case a message carried it without the rest.
    expect(output).not.toContain(emulator.token.split('.').at(-1));
  });
});
