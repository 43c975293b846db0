import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src/answer/engine.js';
import { BotState } from '../src/bot/state/index.js';
import { loadEngineConfig } from '../src/config/env.js';
import { memoryLogger } from './discord-emulator/harness.js';
import { DiscordEmulator, type Guild, type Spawned, type User } from './discord-emulator/index.js';
import { runScript } from './discord-emulator/processes.js';

/**
 * npm run start:sharded: the ShardingManager asks the emulator for the recommended shard count (2), starts
 * one process per shard, each identifies with shard [i, 2] and serves the guilds Discord routes to it, and
 * both write to the one SQLite file.
 */
describe('the sharded bot', () => {
  let emulator: DiscordEmulator;
  let dir: string;
  let run: Spawned;
  const guilds: Guild[] = [];
  const channels: string[] = [];
  let member: User;

  beforeAll(async () => {
    emulator = await DiscordEmulator.start({ recommendedShards: 2 });
    dir = await mkdtemp(path.join(tmpdir(), 'bot-shards-'));
    // Build the index once, so the two shard processes only load it.
    await Engine.create(loadEngineConfig({ INDEX_DIR: path.join(dir, 'index') }), memoryLogger().logger);
    member = emulator.createUser('alice');
    for (const shard of [0, 1]) {
      const { guild, channels: [channel] } = emulator.createGuild({ shard: [shard, 2] });
      emulator.addMember(guild.id, member);
      guilds.push(guild);
      channels.push(channel!.id);
    }
    run = runScript(
      'src/bot/shard.ts',
      {
        DISCORD_TOKEN: emulator.token,
        DISCORD_API_URL: emulator.apiUrl,
        SHARD_COUNT: 'auto',
        SHARD_SPAWN_DELAY_MS: '0',
        INDEX_DIR: path.join(dir, 'index'),
        BOT_DATABASE: path.join(dir, 'bot.sqlite'),
        MEMBER_BURST: '0',
      },
      dir,
    );
  });

  afterAll(async () => {
    run?.child.kill('SIGTERM');
    await run?.exited;
    await emulator?.until(() => emulator.gateway.connections.size === 0, 10_000).catch(() => undefined);
    await emulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts one process per shard, each identifying with shard [i, n]', async () => {
    const identifies = await emulator.until(() => (emulator.gateway.identifies.length >= 2 ? emulator.gateway.identifies : undefined), 60_000);
    expect(identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(identifies.every((i) => i.tokenValid)).toBe(true);
    // Guilds (forum posts included), guild messages, direct messages and message content: the intents the bot needs, and no others.
    const needed = (1 << 0) | (1 << 9) | (1 << 12) | (1 << 15);
    expect(identifies.map((i) => i.intents)).toEqual([needed, needed]);
  });

  it('answers in guilds of both shards and keeps one question log for both', async () => {
    const asked = channels.map((channelId) => emulator.postMessage({ channelId, author: member, content: `<@${emulator.botUser.id}> Who founded Alibaba?` }));
    const replies = await Promise.all(asked.map((message) => emulator.until(() => emulator.repliesTo(message.id)[0], 60_000)));
    for (const reply of replies) expect(reply.content).toMatch(/Jack Ma/);
    const state = BotState.open(path.join(dir, 'bot.sqlite'));
    try {
      for (const guild of guilds) expect(state.stats.stats(guild.id, 0).answered).toBe(1);
    } finally {
      state.close();
    }
    expect(run.stderr()).not.toContain(emulator.token);
  });

  it('on SIGTERM, lets each shard finish its answers in flight and exits once they all have', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    emulator.rest.beforeReply = async (request) => {
      if (request.method === 'POST' && request.path.endsWith('/messages') && /\[1\]/.test(String(request.body?.content))) await gate;
    };
    const asked = emulator.postMessage({ channelId: channels[1]!, author: member, content: `<@${emulator.botUser.id}> Qui a fondé Alibaba ?` });
    await emulator.until(() => emulator.rest.requests.some((r) => r.method === 'POST' && r.path === `/channels/${channels[1]}/messages`), 30_000);
    run.child.kill('SIGTERM');
    await emulator.until(() => (run.stdout() + run.stderr()).includes('stopping: each shard finishes its answers in flight'), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(run.child.exitCode).toBeNull();
    release();
    expect(await run.exited).toBe(0);
    expect(emulator.repliesTo(asked.id)[0]!.content).toMatch(/Jack Ma/);
  });
});
