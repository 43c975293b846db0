import type { Json } from './model.js';

/** Discord's checks on a message body; a violation is answered 400 like Discord (code 50035 or 50006). */
export function messageBodyError(body: Json, { edit = false } = {}): { code: number; message: string } | undefined {
  const content: unknown = body.content;
  const embeds: Json[] = body.embeds ?? [];
  const components: Json[] = body.components ?? [];
  if (typeof content === 'string' && content.length > 2000) return invalid(`content: Must be 2000 or fewer in length (got ${content.length}).`);
  if (embeds.length > 10) return invalid('embeds: Must be 10 or fewer in length.');
  let total = 0;
  for (const [i, embed] of embeds.entries()) {
    const fields: Json[] = embed.fields ?? [];
    if ((embed.title?.length ?? 0) > 256) return invalid(`embeds.${i}.title: Must be 256 or fewer in length.`);
    if ((embed.description?.length ?? 0) > 4096) return invalid(`embeds.${i}.description: Must be 4096 or fewer in length.`);
    if (fields.length > 25) return invalid(`embeds.${i}.fields: Must be 25 or fewer in length.`);
    for (const [j, field] of fields.entries()) {
      if (!field.name || field.name.length > 256) return invalid(`embeds.${i}.fields.${j}.name: Must be between 1 and 256 in length.`);
      if (!field.value || field.value.length > 1024) return invalid(`embeds.${i}.fields.${j}.value: Must be between 1 and 1024 in length.`);
    }
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text?.length ?? 0) + (embed.author?.name?.length ?? 0);
    total += fields.reduce((sum, f) => sum + (f.name?.length ?? 0) + (f.value?.length ?? 0), 0);
  }
  if (total > 6000) return invalid(`embeds: Embed size exceeds maximum size of 6000 (got ${total}).`);
  if (components.length > 5) return invalid('components: Must be 5 or fewer in length.');
  for (const row of components) if ((row.components?.length ?? 0) > 5) return invalid('components.0.components: Must be 5 or fewer in length.');
  const empty = !content && embeds.length === 0 && components.length === 0 && !body.sticker_ids?.length && !body.attachments?.length;
  if (empty && !edit) return { code: 50006, message: 'Cannot send an empty message' };
  return undefined;
}

function invalid(detail: string): { code: number; message: string } {
  return { code: 50035, message: `Invalid Form Body: ${detail}` };
}
