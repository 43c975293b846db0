/**
 * npm start as an operator meets it when Discord misbehaves: a malformed gateway packet that makes discord.js throw
 * inside its own handler, and a gateway that refuses every connection. The bot must say what the connection is
 * doing, give up on a login that never reaches READY, and come back by itself under its supervisor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ProcessWorld, openProcessWorld } from './discord-emulator/bot-process.js';
import { type DiscordEmulator, type Spawned, runScript } from './discord-emulator/index.js';
import { type Json, apiChannel, apiMember, apiMessage, snowflake } from './discord-emulator/model.js';

/** The JSON log lines a process wrote on stderr so far. */
function logLines(run: Spawned): Json[] {
  return run.stderr().split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as Json];
    } catch {
      return [];
    }
  });
}

describe('the bot process when the gateway misbehaves', () => {
  let world: ProcessWorld;
  let run: Spawned | undefined;

  afterEach(async () => {
    if (run && run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    run = undefined;
    await world?.stop();
  });

  const environment = (extra: Record<string, string>) => ({
    DISCORD_TOKEN: world.emulator.token,
    DISCORD_API_URL: world.emulator.apiUrl,
    BOT_DATABASE: `${world.dir}/bot.sqlite`,
    INDEX_DIR: `${world.dir}/index`,
    MEMBER_BURST: '0',
    ...extra,
  });
  const ask = (text: string) => world.emulator.postMessage({ channelId: world.guilds[0]!.channelIds[0]!, author: world.member, content: `<@${world.emulator.botUser.id}> ${text}` });

  it('logs every refused connection with its close code and exits 1 once LOGIN_TIMEOUT_MS has passed without READY', async () => {
    world = await openProcessWorld({ name: 'bot-refused' });
    world.emulator.gateway.hooks.refuseWith = 4000;
    run = runScript('src/bot/start.ts', environment({ LOGIN_TIMEOUT_MS: '3000' }), world.dir, { direct: true });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/could not connect to Discord: no READY from the gateway within 3 s \(\d+ connections closed, \d+ reconnects; LOGIN_TIMEOUT_MS\)/);
    const lines = logLines(run);
    const closes = lines.filter((l) => l.msg === 'gateway connection closed' && l.code === 4000);
    expect(closes.length).toBeGreaterThanOrEqual(2);
    expect(closes.map((l) => l.closes)).toEqual(closes.map((_, i) => i + 1));
    expect(closes.every((l) => l.level === 40)).toBe(true);
    expect(lines.filter((l) => l.msg === 'gateway connection lost; reconnecting').map((l) => l.reconnects)).toEqual(closes.map((_, i) => i + 1));
  });

  it('npm start restarts a bot that a malformed packet killed, says why it died, and the new process answers', async () => {
    world = await openProcessWorld({ name: 'bot-crash' });
    const { emulator, member } = world;
    const bot = await world.start({ MEMBER_BURST: '0', RESTART_DELAY_MS: '200' }, { supervised: true });
    const logged = (check: (line: Json) => boolean) => emulator.until(() => bot.logs().find(check), 60_000);

    const question = ask('Who founded Alibaba?');
    const answer = await emulator.until(() => emulator.repliesTo(question.id)[0], 10_000);
    const channel = emulator.channels.get(answer.channelId)!;
    const guild = emulator.guilds.get(channel.guildId)!;
    const customId = String(answer.components[0]?.components?.[0]?.custom_id);
    // A button click whose message carries "thread": null. Discord omits the field; discord.js then reads null.id.
    emulator.gateway.dispatch(
      'INTERACTION_CREATE',
      {
        id: snowflake(),
        application_id: emulator.applicationId,
        type: 3,
        token: 'malformed-interaction',
        version: 1,
        data: { custom_id: customId, component_type: 2 },
        message: { ...apiMessage(answer, guild), thread: null },
        guild_id: guild.id,
        channel_id: channel.id,
        channel: apiChannel(channel),
        member: { ...apiMember(guild.members.get(member.id)!), permissions: '0' },
        app_permissions: '0',
        locale: 'en-US',
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': guild.id },
        context: 0,
      },
      () => true,
    );

    expect(await logged((l) => l.msg === 'uncaught exception; exiting')).toMatchObject({ level: 60, err: expect.stringContaining("Cannot read properties of null (reading 'id')") });
    expect(await logged((l) => l.msg === 'bot process died; restarting')).toMatchObject({
      code: 1,
      connected: true,
      lastError: expect.stringContaining("Cannot read properties of null (reading 'id')"),
      restarts: 1,
      restartInMs: 200,
    });
    await emulator.until(() => bot.logs().filter((l) => l.msg === 'connected to Discord').length === 2, 60_000);

    const again = ask('When was Alibaba Cloud launched?');
    expect((await emulator.until(() => emulator.repliesTo(again.id)[0], 10_000)).content).toMatch(/\[1\]/);
    expect(await bot.stop()).toBe(0);
  });

  it('npm start retries a login that times out, pausing twice as long each time, then connects, and stops cleanly on SIGTERM', async () => {
    world = await openProcessWorld({ name: 'bot-retry' });
    const { emulator } = world;
    emulator.gateway.hooks.refuseWith = 4000;
    run = runScript('src/main.ts', environment({ LOGIN_TIMEOUT_MS: '1000', RESTART_DELAY_MS: '300' }), world.dir, { direct: true });
    const deaths = () => logLines(run!).filter((l) => l.msg === 'bot process died; restarting');
    await emulator.until(() => deaths().length >= 2, 60_000);
    expect(deaths().slice(0, 2)).toEqual([
      expect.objectContaining({ level: 40, code: 1, connected: false, restarts: 1, restartInMs: 300, lastError: expect.stringMatching(/^could not connect to Discord: no READY from the gateway within 1 s/) }),
      expect.objectContaining({ restarts: 2, restartInMs: 600 }),
    ]);

    emulator.gateway.hooks.refuseWith = undefined;
    await emulator.until(() => logLines(run!).some((l) => l.msg === 'connected to Discord'), 60_000);
    const question = ask('Who founded Alibaba?');
    await emulator.until(() => emulator.repliesTo(question.id)[0], 10_000);
    const signalledAt = performance.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(emulator.gateway.closes.filter((c) => c.at > signalledAt).map((c) => c.code)).toEqual([1000]);
    expect(logLines(run).find((l) => l.msg === 'disconnected from Discord')).toMatchObject({ abandoned: 0 });
  });

  it('npm start passes a second SIGTERM on, and the bot still finishing its answers exits at once', async () => {
    world = await openProcessWorld({ name: 'bot-second-signal' });
    const { emulator } = world;
    const { release, held } = holdAnswers(emulator);
    const bot = await world.start({ MEMBER_BURST: '0', SHUTDOWN_GRACE_SECONDS: '60' }, { supervised: true });
    try {
      ask('Who founded Alibaba?');
      await emulator.until(() => held() === 1, 10_000);
      bot.child.kill('SIGTERM');
      await emulator.until(() => bot.logs().find((l) => l.msg === 'shutting down: finishing the answers in flight'), 10_000);
      // An operator's second signal comes later than the echo of one Ctrl-C (see the next test): a person's pace.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const secondAt = performance.now();
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(128 + 15);
      expect(performance.now() - secondAt).toBeLessThan(1000);
      expect(bot.logs().find((l) => l.msg === 'second signal: stopping at once')).toMatchObject({ signal: 'SIGTERM' });
      expect(bot.logs().filter((l) => l.msg === 'bot process died; restarting')).toEqual([]);
    } finally {
      release();
    }
  });

  it('npm start counts one Ctrl-C delivered twice at once (by the terminal and relayed by npm) as one: the answer in flight finishes and it exits 0', async () => {
    world = await openProcessWorld({ name: 'bot-ctrl-c' });
    const { emulator } = world;
    const { release, held } = holdAnswers(emulator);
    const bot = await world.start({ MEMBER_BURST: '0', SHUTDOWN_GRACE_SECONDS: '60' }, { supervised: true });
    const question = ask('Who founded Alibaba?');
    await emulator.until(() => held() === 1, 10_000);
    bot.child.kill('SIGINT');
    // npm's relay lands just after the terminal's signal was handled (two signals sent back to back merge into one).
    await emulator.until(() => bot.logs().find((l) => l.msg === 'passing the signal to the bot process'), 10_000);
    bot.child.kill('SIGINT');
    await emulator.until(() => bot.logs().find((l) => l.msg === 'shutting down: finishing the answers in flight'), 10_000);
    release();
    expect(await bot.exited).toBe(0);
    expect(emulator.repliesTo(question.id)[0]!.content).toMatch(/\[1\]/);
    expect(bot.logs().find((l) => l.msg === 'same signal again at once: taken as the echo of the first')).toMatchObject({ signal: 'SIGINT' });
    expect(bot.logs().find((l) => l.msg === 'second signal: stopping at once')).toBeUndefined();
  });

  it('npm start starts a fresh bot process when the gateway closes with a code discord.js does not reconnect (4004)', async () => {
    world = await openProcessWorld({ name: 'bot-closed-for-good' });
    const { emulator } = world;
    const bot = await world.start({ MEMBER_BURST: '0', RESTART_DELAY_MS: '200' }, { supervised: true });
    emulator.gateway.drop(0, 4004);
    expect(await emulator.until(() => bot.logs().find((l) => l.msg === 'bot process died; restarting'), 30_000)).toMatchObject({
      code: 1,
      connected: true,
      lastError: 'the gateway closed shard 0 with 4004, which discord.js does not reconnect',
    });
    expect(bot.logs().find((l) => l.msg === 'gateway connection closed for good; discord.js will not reconnect')).toMatchObject({ level: 50, shard: 0, code: 4004 });
    await emulator.until(() => bot.logs().filter((l) => l.msg === 'connected to Discord').length === 2, 60_000);
    const question = ask('Who founded Alibaba?');
    expect((await emulator.until(() => emulator.repliesTo(question.id)[0], 10_000)).content).toMatch(/\[1\]/);
    expect(await bot.stop()).toBe(0);
  });

  it('the bot process leaves cleanly by itself when npm start’s supervisor is killed outright', async () => {
    world = await openProcessWorld({ name: 'bot-orphan' });
    const { emulator } = world;
    const bot = await world.start({ MEMBER_BURST: '0' }, { supervised: true });
    const botPid = Number(bot.logs().find((l) => l.msg === 'bot process started')!.pid);
    const killedAt = performance.now();
    bot.child.kill('SIGKILL');
    expect(await emulator.until(() => bot.logs().find((l) => l.msg === 'shutting down: finishing the answers in flight'), 10_000)).toMatchObject({ reason: 'parent process disconnected' });
    await emulator.until(() => emulator.gateway.closes.some((c) => c.at > killedAt && c.code === 1000), 10_000);
    await emulator.until(() => {
      try {
        process.kill(botPid, 0);
        return false;
      } catch {
        return true;
      }
    }, 10_000);
  });
});

/** Holds every answer the bot posts (a message with a citation) until released: an answer stays in flight. */
function holdAnswers(emulator: DiscordEmulator): { release: () => void; held: () => number } {
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let held = 0;
  emulator.rest.beforeReply = async (request) => {
    if (request.method !== 'POST' || !request.path.endsWith('/messages') || !/\[1\]/.test(String(request.body?.content))) return;
    held++;
    await gate;
  };
  return { release, held: () => held };
}
