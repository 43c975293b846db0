import { z } from 'zod';

/** The AnswerResult contract as a schema, so generated inputs can be checked against it wholesale. */
export const citationSchema = z.strictObject({
  n: z.number().int().positive(),
  passageId: z.string().regex(/^p\d+-[0-9a-f]{8}$/),
  label: z.string().min(1),
  quote: z.string().min(1),
  lang: z.enum(['fr', 'en']),
  translated: z.boolean(),
  original: z.string().min(1).optional(),
  score: z.number().min(-1).max(1),
});

export const answerResultSchema = z
  .strictObject({
    question: z.string(),
    language: z.enum(['fr', 'en']),
    answer: z.string().min(1),
    refused: z.boolean(),
    refusalReason: z.enum(['empty', 'too_long', 'off_topic', 'not_in_article', 'uncertain', 'injection', 'no_valid_citation']).optional(),
    citations: z.array(citationSchema),
    timings: z.strictObject({ embedMs: z.number().min(0), searchMs: z.number().min(0), answerMs: z.number().min(0), totalMs: z.number().min(0) }),
    answerer: z.string().min(1),
    embedder: z.string().min(1),
    notice: z.string().optional(),
  })
  .refine((r) => r.refused === (r.refusalReason !== undefined), 'refused and refusalReason go together')
  // "Not sure; the closest it says is…" offers one quote; every other refusal cites nothing.
  .refine((r) => !r.refused || r.citations.length === (r.refusalReason === 'uncertain' ? 1 : 0), 'a refusal cites nothing, an uncertain one its closest quote')
  .refine((r) => r.refused || r.citations.length > 0, 'an answer cites something')
  .refine((r) => r.citations.every((c) => r.answer.includes(`[${c.n}]`)), 'every citation is marked in the answer');
