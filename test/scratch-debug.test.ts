import { it } from 'vitest';
import { startBotUnderTest } from './discord-emulator/harness.js';
it('debug', async () => {
  const t = await startBotUnderTest({ env: { LOG_LEVEL: 'debug' } });
  const i = t.emulator.runCommand({ channelId: t.channels[0]!.id, user: t.member, name: 'ask', options: [{ type: 3, name: 'question', value: 'Quand le groupe Alibaba a-t-il été créé ?' }] });
  await new Promise((r) => setTimeout(r, 1500));
  for (const r of t.emulator.requests) console.log(r.method, r.path, r.status, JSON.stringify(r.body)?.slice(0, 300), JSON.stringify(r.response)?.slice(0,200));
  console.log(t.logs.join('\n'));
  await t.stop();
});
