import type { Json } from './model.js';

/** Who a message would notify on Discord: what "never pings" is checked against. */
export interface Pings {
  everyone: boolean;
  users: string[];
  roles: string[];
}

const USER = /<@!?(\d+)>/g;
const ROLE = /<@&(\d+)>/g;
const EVERYONE = /@(everyone|here)\b/;

/**
 * Discord's rules (https://discord.com/developers/docs/resources/message#allowed-mentions-object): without
 * allowed_mentions every mention in the content notifies, and a reply notifies its author; with it, only the
 * types in `parse`, the ids listed, and the replied author when replied_user is true. Embeds never notify.
 */
export function pingsOf(content: string, allowed: Json | undefined, repliedAuthorId?: string): Pings {
  const users = [...content.matchAll(USER)].map((m) => m[1]!);
  const roles = [...content.matchAll(ROLE)].map((m) => m[1]!);
  const everyone = EVERYONE.test(content);
  if (!allowed) return { everyone, users: unique([...users, ...(repliedAuthorId ? [repliedAuthorId] : [])]), roles: unique(roles) };
  const parse: string[] = allowed.parse ?? [];
  const listedUsers: string[] = allowed.users ?? [];
  const listedRoles: string[] = allowed.roles ?? [];
  return {
    everyone: everyone && parse.includes('everyone'),
    users: unique([...users.filter((id) => parse.includes('users') || listedUsers.includes(id)), ...(repliedAuthorId && allowed.replied_user === true ? [repliedAuthorId] : [])]),
    roles: unique(roles.filter((id) => parse.includes('roles') || listedRoles.includes(id))),
  };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

export function pingsNobody(pings: Pings): boolean {
  return !pings.everyone && pings.users.length === 0 && pings.roles.length === 0;
}
