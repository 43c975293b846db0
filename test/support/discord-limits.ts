import {
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELDS_MAX,
  EMBED_TITLE_MAX,
  EMBED_TOTAL_MAX,
  EMBEDS_PER_MESSAGE_MAX,
  MESSAGE_MAX,
} from '../../src/discord-limits.js';
import type { MessageWrite } from '../discord-emulator/index.js';
import { pingsNobody } from '../discord-emulator/index.js';
import type { Json } from '../discord-emulator/model.js';

/** The Discord limits an outgoing message body breaks, named; empty when it keeps them all. */
export function brokenLimits(body: Json): string[] {
  const broken: string[] = [];
  if (String(body.content ?? '').length > MESSAGE_MAX) broken.push(`content of ${body.content.length}`);
  const embeds: Json[] = body.embeds ?? [];
  if (embeds.length > EMBEDS_PER_MESSAGE_MAX) broken.push(`${embeds.length} embeds`);
  let total = 0;
  for (const embed of embeds) {
    const fields: Json[] = embed.fields ?? [];
    if ((embed.title?.length ?? 0) > EMBED_TITLE_MAX) broken.push(`title of ${embed.title.length}`);
    if ((embed.description?.length ?? 0) > EMBED_DESCRIPTION_MAX) broken.push(`description of ${embed.description.length}`);
    if (fields.length > EMBED_FIELDS_MAX) broken.push(`${fields.length} fields`);
    for (const field of fields) {
      if (field.name.length > EMBED_FIELD_NAME_MAX) broken.push(`field name of ${field.name.length}`);
      if (field.value.length > EMBED_FIELD_VALUE_MAX) broken.push(`field value of ${field.value.length}`);
    }
    total += [embed.title, embed.description, embed.footer?.text, embed.author?.name, ...fields.flatMap((f) => [f.name, f.value])].reduce((sum: number, text) => sum + (text?.length ?? 0), 0);
  }
  if (total > EMBED_TOTAL_MAX) broken.push(`embeds totalling ${total}`);
  return broken;
}

/** What is wrong with a write the bot made: a broken limit, a missing allowedMentions, anyone pinged. */
export function writeProblems(write: MessageWrite): string[] {
  const problems = brokenLimits(write.body);
  const allowed = write.body.allowed_mentions;
  if (!allowed || (allowed.parse ?? []).length > 0) problems.push(`allowed_mentions ${JSON.stringify(allowed)}`);
  if (write.body.message_reference && allowed?.replied_user !== false) problems.push('pings the member it replies to');
  if (!pingsNobody(write.pings)) problems.push(`pings ${JSON.stringify(write.pings)}`);
  return problems;
}
