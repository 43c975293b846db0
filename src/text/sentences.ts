/** Splits a paragraph into sentences, keeping each one a verbatim slice of the paragraph. */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  // A sentence ends at . ! ? or … followed by a space and an upper-case letter, digit or opening quote.
  const boundary = /([.!?…])\s+(?=[\p{Lu}\d«"“])/gu;
  let start = 0;
  for (const match of paragraph.matchAll(boundary)) {
    const end = match.index + match[1]!.length;
    sentences.push(paragraph.slice(start, end).trim());
    start = end;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences.filter((s) => s.length > 0);
}
