import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotUnderTest, startBotUnderTest } from './discord-emulator/harness.js';
import type { RecordedRequest } from './discord-emulator/index.js';

/**
 * A chat-completions server on loopback that streams the next scripted reply a few characters at a time,
 * with a pause between chunks, as a language model does.
 */
class StreamingModel {
  readonly replies: { text: string; chunkDelayMs: number }[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      for await (const _ of req);
      const next = this.replies.shift();
      if (!req.url?.endsWith('/chat/completions') || !next) {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"nothing scripted"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      for (let i = 0; i < next.text.length; i += 12) {
        res.write(chunk({ content: next.text.slice(i, i + 12) }, null));
        if (next.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, next.chunkDelayMs));
      }
      res.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const words = (text: string) => text.replace(/[\u2060]/g, '').split(/\s+/).filter(Boolean);

describe('the bot with a language model', () => {
  const model = new StreamingModel();
  let t: BotUnderTest;

  beforeAll(async () => {
    const baseUrl = await model.start();
    t = await startBotUnderTest({ env: { ANSWERER: 'llm', OPENAI_BASE_URL: baseUrl, LLM_MODEL: 'scripted', STREAM_EDIT_INTERVAL_MS: '1000', LLM_MAX_ANSWER_CHARS: '8000' } });
  });
  afterAll(async () => {
    await t?.stop();
    await model.stop();
  });

  it('edits the /ask reply progressively while the answer streams, at most once a second', async () => {
    const answer = 'Alibaba was founded in 1999 by Jack Ma and Peng Lei, and it launched Alibaba Cloud in 2009 to enter the cloud market [1]. '.repeat(3).trim();
    model.replies.push({ text: answer, chunkDelayMs: 75 });
    const interaction = t.emulator.runCommand({ channelId: t.channels[0]!.id, user: t.member, name: 'ask', options: [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }] });
    const isEdit = (r: RecordedRequest) => r.method === 'PATCH' && r.path.includes(`/${interaction.token}/messages/@original`);
    const final = await t.emulator.waitForRequest((r) => isEdit(r) && (r.body?.components?.length ?? 0) > 0, { timeoutMs: 15_000 });
    const callback = t.emulator.requests.find((r) => r.path.startsWith(`/interactions/${interaction.id}/`))!;
    expect(callback.body).toMatchObject({ type: 5 });

    const edits = t.emulator.requests.filter(isEdit);
    const partials = edits.filter((r) => r !== final);
    expect(partials.length).toBeGreaterThanOrEqual(2);
    for (const partial of partials) {
      expect(partial.body!.content).toMatch(/ …$/);
      expect(partial.body!.components).toEqual([]);
      expect(partial.body!.allowed_mentions).toMatchObject({ parse: [] });
    }
    // Each partial shows more of the same answer.
    const shown = partials.map((r) => words(r.body!.content.replace(/ …$/, '').replace(/…$/, '')).length);
    expect([...shown].sort((a, b) => a - b)).toEqual(shown);
    for (let i = 1; i < edits.length; i++) expect(edits[i]!.at - edits[i - 1]!.at).toBeGreaterThanOrEqual(990);
    expect(final.body!.content).toMatch(/Jack Ma .* \[1\]\.$/s);
    expect(final.body!.embeds[0].fields[0].name).toMatch(/^\[1\] /);
  });

  it('never edits in an unchecked sentence: an invented quotation, a link or a bidi mark never reaches Discord, even for one edit', async () => {
    const answer = 'Alibaba was founded in 1999 by Jack Ma and Peng Lei [1]. It is one of the largest online and mobile commerce companies in the world [1]. Jack Ma said \u202E„Cloud Foundry is the best platform ever made“, see [alibaba.com](https://evil.example/login) [1].';
    model.replies.push({ text: answer, chunkDelayMs: 60 });
    const interaction = t.emulator.runCommand({ channelId: t.channels[0]!.id, user: t.member, name: 'ask', options: [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }] });
    const isEdit = (r: RecordedRequest) => r.method === 'PATCH' && r.path.includes(`/${interaction.token}/messages/@original`);
    const final = await t.emulator.waitForRequest((r) => isEdit(r) && (r.body?.components?.length ?? 0) > 0, { timeoutMs: 15_000 });
    const edits = t.emulator.requests.filter(isEdit);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    for (const edit of edits) {
      const sent = JSON.stringify(edit.body);
      expect(sent).not.toMatch(/best platform|evil\.example|\\u202e/i);
      expect(edit.body!.content).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
    }
    // The partial edits show the first checked sentences; the final one is the refusal.
    expect(edits.filter((r) => r !== final).some((r) => r.body!.content.startsWith('Alibaba was founded in 1999'))).toBe(true);
    expect(final.body!.content).toMatch(/^The article doesn’t say\./);
  });

  it('keeps the shown part of a long /ask answer when a later message of it cannot be sent, and says so in a follow-up', async () => {
    const paragraph = 'Alibaba was founded in 1999 by Jack Ma and Peng Lei [1]. The group launched Alibaba Cloud in 2009 to enter the cloud market [1].';
    model.replies.push({ text: Array.from({ length: 30 }, () => paragraph).join('\n\n'), chunkDelayMs: 0 });
    const asker = t.emulator.createUser('long-reader');
    t.emulator.addMember(t.guild.id, asker);
    const interaction = t.emulator.runCommand({ channelId: t.channels[0]!.id, user: asker, name: 'ask', options: [{ type: 3, name: 'question', value: 'Who founded Alibaba?' }] });
    const isFollowUp = (r: RecordedRequest) => r.method === 'POST' && r.path.split('?')[0]!.endsWith(`/${interaction.token}`);
    const isOriginalEdit = (r: RecordedRequest) => r.method === 'PATCH' && r.path.includes(`/${interaction.token}/messages/@original`);
    // The answer's second message is refused (403, not retried); the notice after it goes through.
    t.emulator.failRest(isFollowUp, { status: 403, body: { message: 'Missing Access', code: 50001 } }, 1);
    const notice = await t.emulator.waitForRequest((r) => isFollowUp(r) && r.status < 300, { timeoutMs: 15_000 });
    expect(notice.body!.content).toBe('Sorry, something went wrong while answering. Please try again.');
    expect(notice.body!.flags & 64).toBe(64);
    expect(t.emulator.requests.filter(isOriginalEdit).at(-1)!.body!.content).toMatch(/^Alibaba was founded in 1999[\s\S]*\[1\]\.$/);
  });

  it('splits a long streamed answer to a mention over several messages, sources and buttons under the last', async () => {
    // Every sentence is true of the passage it cites: a sentence whose numbers or names are not there is dropped.
    const paragraph = () =>
      'Alibaba was founded in 1999 by Jack Ma and Peng Lei [1]. The group launched Alibaba Cloud in 2009 to enter the cloud market [1]. It is one of the largest online and mobile commerce companies in the world [1].';
    const answer = Array.from({ length: 24 }, paragraph).join('\n\n');
    expect(answer.length).toBeGreaterThan(5000);
    model.replies.push({ text: answer, chunkDelayMs: 0 });
    const asked = t.emulator.postMessage({ channelId: t.channels[1]!.id, author: t.member, content: `<@${t.emulator.botUser.id}> Who founded Alibaba and when did Alibaba Cloud start?` });
    const reply = await t.emulator.until(() => t.emulator.repliesTo(asked.id)[0], 15_000);
    const botMessages = await t.emulator.until(() => {
      const mine = t.emulator.messagesIn(t.channels[1]!.id).filter((m) => m.author.bot && BigInt(m.id) >= BigInt(reply.id));
      return mine.at(-1)?.components.length ? mine : undefined;
    }, 15_000);
    expect(botMessages.length).toBeGreaterThanOrEqual(3);
    expect(botMessages[0]!.id).toBe(reply.id);
    for (const message of botMessages) expect(message.content.length).toBeLessThanOrEqual(2000);
    // Every piece ends a paragraph: nothing was cut inside a sentence, a word or a marker.
    for (const message of botMessages) expect(message.content).toMatch(/^Alibaba was founded [\s\S]*world \[1\]\.$/);
    expect(words(botMessages.map((m) => m.content).join('\n\n'))).toEqual(words(answer));
    expect(botMessages.slice(0, -1).every((m) => m.components.length === 0 && m.embeds.length === 0)).toBe(true);
    expect(botMessages.at(-1)!.embeds[0]!.title).toBe('Sources');
  });
});
