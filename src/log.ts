/** The one logger of the project: pino JSON lines with every secret masked, whatever field it hides in. */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

const SECRET_NAME = /(?:TOKEN|KEY|SECRET|PASSWORD)$/i;
// Shapes of credentials that may turn up inside error messages even when no variable holds them.
const SECRET_SHAPES = [
  /\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b/g, // Discord bot token
  /\bsk-[A-Za-z\d_-]{16,}/g, // OpenAI-style API key (no closing \b: the greedy run ends it, with nothing to backtrack)
  /\bBearer\s+[A-Za-z\d._~+/-]{8,}=*/gi, // Authorization header value
  /\bBot\s+[A-Za-z\d._-]{20,}/g, // Discord Authorization header value
];

/**
 * The values of secret-looking variables in the environment, longest first so overlaps mask fully. A value
 * written with discord.js's `Bot ` prefix (DISCORD_TOKEN=Bot …, which the configuration accepts) counts without
 * it too: the bare token is what the client sends and what an error may quote.
 */
export function secretValues(env: Record<string, string | undefined> = process.env): string[] {
  const values = new Set<string>();
  for (const [name, raw] of Object.entries(env)) {
    const value = raw?.trim();
    if (!SECRET_NAME.test(name) || !value || value.length < 6) continue;
    values.add(value);
    const bare = value.replace(/^Bot\s+/i, '');
    if (bare.length >= 6) values.add(bare);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Replaces every secret value and credential-shaped string in `text` with [redacted]. */
export function redact(text: string, secrets: readonly string[] = secretValues()): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  for (const shape of SECRET_SHAPES) out = out.replace(shape, '[redacted]');
  return out;
}

/**
 * The level comes from the validated configuration (LOG_LEVEL, read in src/config/env.ts). Logs go to stderr as JSON lines so stdout stays clean for the CLI's JSON. Every line passes through
 * `redact`, whatever field a secret hides in (an error message, a URL, a header).
 */
export function createLogger(options: { level?: string; destination?: DestinationStream; env?: Record<string, string | undefined> } = {}): Logger {
  const secrets = secretValues(options.env ?? process.env);
  const destination = options.destination ?? pino.destination({ fd: 2, sync: true });
  const redacting: DestinationStream = { write: (line: string) => destination.write(redact(line, secrets)) };
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: ['token', 'apiKey', 'authorization', '*.token', '*.apiKey', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
    redacting,
  );
}
