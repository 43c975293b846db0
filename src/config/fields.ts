/**
 * The kinds of environment variable this project reads, as zod schemas, so the engine's and the bot's
 * configuration are written the same way: a blank value means "use the default", and a wrong one stops start-up
 * with a ConfigError that names the variable and says what was expected.
 */
import path from 'node:path';
import * as z from 'zod';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

export type Env = Record<string, string | undefined>;

/** A value is echoed in an error at most this long: a pasted paragraph is not repeated in full. */
const ECHO_MAX = 40;
const echo = (input: unknown) => String(input).slice(0, ECHO_MAX);

/** Trimmed text; blank or absent is undefined. */
export const text = z
  .string()
  .optional()
  .transform((raw) => raw?.trim() || undefined);

/** One of a few words, case-insensitive. */
export function choice<const T extends string>(values: readonly [T, ...T[]], fallback: T) {
  return text.pipe(
    z
      .string()
      .transform((raw) => raw.toLowerCase())
      .pipe(z.enum(values, { error: (issue) => `unknown value "${echo(issue.input)}"; set it to one of: ${values.join(', ')}` }))
      .default(fallback),
  );
}

/** A number from `min` to `max`; `whole` refuses fractions. Without a fallback, unset stays undefined. */
export function numberIn<F extends number | undefined>(min: number, max: number, fallback: F, { whole = false } = {}) {
  const expected = `expected a ${whole ? 'whole number' : 'number'} from ${min} to ${max}`;
  const error = (issue: { input?: unknown }) => `${expected}, got "${echo(issue.input)}"`;
  const range = z.number().min(min, { error }).max(max, { error });
  return text.pipe(
    z
      .string()
      .refine((raw) => raw !== '' && Number.isFinite(Number(raw)), { error })
      .transform(Number)
      .pipe(whole ? range.int({ error }) : range)
      .optional()
      .transform((value) => (value ?? fallback) as number | F),
  );
}

/** An http(s) URL, without its trailing slashes. */
export function httpUrl(example: string) {
  return text.pipe(
    z
      .url({ protocol: /^https?$/, error: `expected an http(s) URL such as ${example}` })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  );
}

/** true/false, yes/no, on/off, 1/0; absent is false. */
export function flag() {
  const words = { true: true, yes: true, on: true, '1': true, false: false, no: false, off: false, '0': false } as Record<string, boolean>;
  return text.pipe(
    z
      .string()
      .transform((raw) => raw.toLowerCase())
      .refine((raw) => raw in words, { error: (issue) => `expected true or false, got "${echo(issue.input)}"` })
      .transform((raw) => words[raw]!)
      .default(false),
  );
}

/** A file or folder, resolved against the working directory; `fallback` when unset. */
export function pathOr(fallback: string) {
  return text.transform((raw) => (raw ? path.resolve(raw) : fallback));
}

/**
 * Parses `env` with a schema whose keys are variable names. The first problem becomes a ConfigError naming its
 * variable; a schema-wide rule names the variable through the issue's path.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ConfigError(String(issue.path[0] ?? 'configuration'), issue.message);
}
