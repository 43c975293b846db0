import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordEmulator } from './discord-emulator/index.js';
import type { Json } from './discord-emulator/model.js';
import { runScript } from './discord-emulator/processes.js';

/** npm start and npm run deploy-commands as processes, as a developer runs them. */
describe('the bot scripts', () => {
  let emulator: DiscordEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await DiscordEmulator.start();
    dir = await mkdtemp(path.join(tmpdir(), 'bot-scripts-'));
  });
  afterAll(async () => {
    await emulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('npm start without DISCORD_TOKEN exits 1, naming the variable and pointing to the console chat', async () => {
    const run = runScript('src/bot/start.ts', {}, dir);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/DISCORD_TOKEN is not set/);
    expect(run.stderr()).toMatch(/npm run chat/);
  });

  it('npm start with a token Discord rejects exits 1 without printing the token', async () => {
    const wrong = `${Buffer.from(emulator.applicationId).toString('base64url')}.wrongs.${'y'.repeat(38)}`;
    const run = runScript('src/bot/start.ts', { DISCORD_TOKEN: wrong, DISCORD_API_URL: emulator.apiUrl, INDEX_DIR: path.join(dir, 'index'), BOT_DATABASE: path.join(dir, 'bot.sqlite') }, dir);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/could not connect to Discord/);
    expect(run.stderr() + run.stdout()).not.toContain(wrong);
  });

  it('a wrong variable stops start-up with a message naming it', async () => {
    const run = runScript('src/bot/deploy-commands.ts', { DISCORD_TOKEN: emulator.token, DISCORD_CLIENT_ID: 'my-bot' }, dir);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(/^configuration error: DISCORD_CLIENT_ID: /);
  });

  it('deploy-commands registers /ask, /about, /kb and the message menu in the dev guild, /kb for Manage Server only', async () => {
    const guildId = emulator.createGuild().guild.id;
    const mark = emulator.mark();
    const run = runScript('src/bot/deploy-commands.ts', { DISCORD_TOKEN: emulator.token, DISCORD_API_URL: emulator.apiUrl, DEV_GUILD_ID: guildId }, dir);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/Registered 4 commands in guild/);
    const [put] = emulator.requestsAfter(mark, (r) => r.method === 'PUT');
    // Without DISCORD_CLIENT_ID the application id is read from the token.
    expect(put!.path).toBe(`/applications/${emulator.applicationId}/guilds/${guildId}/commands`);
    const byName: Record<string, Json> = Object.fromEntries((put!.body as Json[]).map((c) => [c.name, c]));
    expect(byName.kb).toMatchObject({ default_member_permissions: '32', integration_types: [0], contexts: [0] });
    expect(byName.kb!.options.map((o: Json) => o.name)).toEqual(['stats', 'config', 'feedback', 'reindex']);
    expect(byName.ask).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2], options: [{ name: 'question', required: true, max_length: 2000 }] });
    expect(byName.ask!.default_member_permissions ?? null).toBeNull();
    expect(byName.about).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
  });

  it('deploy-commands registers globally without DEV_GUILD_ID', async () => {
    const mark = emulator.mark();
    const run = runScript('src/bot/deploy-commands.ts', { DISCORD_TOKEN: emulator.token, DISCORD_API_URL: emulator.apiUrl, DISCORD_CLIENT_ID: emulator.applicationId }, dir);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/Registered 4 commands globally/);
    expect(emulator.requestsAfter(mark, (r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/applications/${emulator.applicationId}/commands`]);
    expect(run.stdout() + run.stderr()).not.toContain(emulator.token);
  });
});
