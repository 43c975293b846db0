/**
 * Links in a model's answer: a masked link can show one address and open another, and an invite or a login
 * page is what an attacker who steers the model wants posted. Only addresses the supplied passages contain
 * survive; the others are removed, and a masked link keeps its text only. Every pattern is linear.
 */

// [text](target): text without brackets or newlines, target without parentheses or spaces.
const MASKED_LINK = /\[([^[\]\n]{0,300})\]\(\s?<?([^()\s<>]{0,2000})>?\s?\)/g;
// An address with a scheme or www., optionally in Discord's <…> that hides its preview.
const BARE_LINK = /<?(?:[a-z][a-z\d+.-]{1,20}:\/\/|www\.)[^\s<>]+>?/gi;
// Invites, which Discord turns into a join button even without a scheme.
const INVITE = /(?:discord(?:app)?\.com\/invite|discord\.gg|dsc\.gg)\/[^\s<>]*/gi;
const TRAILING_PUNCTUATION = new Set([...'.,;:!?)»”’\'"']);

/** The addresses that appear in `sources`, as they are written there. */
export function linksIn(sources: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const source of sources) for (const match of source.matchAll(BARE_LINK)) found.add(unwrap(match[0]).address);
  return found;
}

/** `text` with every address not in `allowed` replaced by `removed`, and masked links reduced to their text. */
export function defuseLinks(text: string, allowed: ReadonlySet<string>, removed: string): string {
  const replaceLink = (raw: string) => {
    const { address, trailing } = unwrap(raw);
    return `${allowed.has(address) ? address : removed}${trailing}`;
  };
  return text
    .replace(MASKED_LINK, (_, label: string, target: string) => (allowed.has(unwrap(target).address) ? `${label} (${target})` : label))
    .replace(BARE_LINK, replaceLink)
    .replace(INVITE, replaceLink);
}

/** The address without Discord's <…> and without sentence punctuation that followed it. */
function unwrap(raw: string): { address: string; trailing: string } {
  let end = raw.length;
  const start = raw.startsWith('<') ? 1 : 0;
  if (raw.endsWith('>')) end -= 1;
  let trailingStart = end;
  while (trailingStart > start && TRAILING_PUNCTUATION.has(raw[trailingStart - 1]!)) trailingStart -= 1;
  if (trailingStart === start) trailingStart = end;
  return { address: raw.slice(start, trailingStart), trailing: raw.slice(trailingStart, end) };
}
