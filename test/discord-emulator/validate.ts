import { type Channel, ChannelKind, type Json } from './model.js';

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

/** Discord's own limit on a post's tags (https://discord.com/developers/docs/resources/channel#modify-channel-json-params-thread). */
const APPLIED_TAGS_MAX = 5;

/**
 * Discord's checks on PATCH /channels/:id for a thread: a name of 1–100 characters; applied_tags only on a forum's
 * post, at most 5, each one of the forum's own tags; set by the post's author or a member with Manage Threads,
 * which a moderated tag always needs. `status` is 400 (code 50035) or 403 (code 50013) as Discord answers.
 */
export function threadEditError(body: Json, thread: Channel, forum: Channel | undefined, editor: { id: string; canManageThreads: boolean }): { status: number; code: number; message: string } | undefined {
  if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100)) return { status: 400, ...invalid('name: Must be between 1 and 100 in length.') };
  if (body.applied_tags === undefined) return undefined;
  const tags: unknown = body.applied_tags;
  if (!Array.isArray(tags) || !tags.every((id) => typeof id === 'string' && /^\d{17,20}$/.test(id))) return { status: 400, ...invalid('applied_tags: Value must be an array of snowflakes.') };
  if (forum?.type !== ChannelKind.GuildForum) return { status: 400, ...invalid('applied_tags: Tags can only be applied to posts of a forum.') };
  if (tags.length > APPLIED_TAGS_MAX) return { status: 400, ...invalid(`applied_tags: Must be ${APPLIED_TAGS_MAX} or fewer in length.`) };
  const available = new Map((forum.availableTags ?? []).map((tag) => [tag.id, tag]));
  const unknown = tags.findIndex((id) => !available.has(id));
  if (unknown !== -1) return { status: 400, ...invalid(`applied_tags.${unknown}: Unknown tag.`) };
  const missingPermissions = { status: 403, code: 50013, message: 'Missing Permissions' };
  if (editor.canManageThreads) return undefined;
  if (thread.ownerId !== editor.id) return missingPermissions;
  const before = new Set(thread.appliedTags ?? []);
  const changed = [...tags.filter((id) => !before.has(id)), ...[...before].filter((id) => !tags.includes(id))];
  return changed.some((id) => available.get(id)?.moderated) ? missingPermissions : undefined;
}

/** Discord's check on POST /users/@me/channels: a recipient_id that names a user. */
export function dmChannelBodyError(body: Json | undefined, knownUser: (id: string) => boolean): { code: number; message: string } | undefined {
  const recipient: unknown = body?.recipient_id;
  if (typeof recipient !== 'string' || !/^\d{17,20}$/.test(recipient)) return invalid('recipient_id: Value "' + String(recipient) + '" is not snowflake.');
  if (!knownUser(recipient)) return { code: 10013, message: 'Unknown User' };
  return undefined;
}
