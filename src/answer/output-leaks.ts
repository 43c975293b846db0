import { redact } from '../log.js';
import { fold } from '../text/normalize.js';

/**
 * Model output that leaks: a credential of the deployment, however it is spelled, or the model reciting its own
 * instructions. A streamed answer is checked piece by piece, each piece once, with a short tail of the text
 * before it, so a leak cut across two pieces is still seen and no piece is scanned twice.
 */

/**
 * This many consecutive characters of a credential (or of one of its encodings) count as a leak. A shorter
 * value cannot be told from an ordinary word, so it is not looked for (API keys and bot tokens are 20 to 70).
 */
export const SECRET_WINDOW = 12;
/** This many consecutive words of the instructions mean the model is reciting them. */
export const INSTRUCTION_WINDOW = 8;

/**
 * The form both a secret and the answer are compared in: compatibility characters folded (fullwidth letters),
 * lower case, and every space and markdown decoration removed, so "s k - …", "ｓｋ-…" and "`sk`-…" are one.
 */
export function secretComparable(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s*_`~|\\]+/g, '');
}

/** A secret as a model might write it: as is, in base64 (standard or URL-safe, at any byte offset) and in hex. */
export function secretSpellings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const spellings = [secret, bytes.toString('hex')];
  for (let offset = 0; offset < 3; offset += 1) {
    // Inside a longer base64 text the secret's bytes start at any offset in a 3-byte group; the 4-character
    // groups that hold only its bytes are the same whatever surrounds them.
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
    const head = offset === 0 ? 0 : 4;
    const tail = (offset + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 4;
    const stable = encoded.slice(head, Math.max(head, tail));
    spellings.push(stable, stable.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return spellings.filter((s) => s.length >= SECRET_WINDOW);
}

/** What the answerer knows once: the instructions' word windows and every window of every secret spelling. */
export class LeakGuard {
  private readonly instructionWindows: Set<string>;
  private readonly secretWindows = new Set<string>();

  constructor(instructions: string, secrets: readonly string[]) {
    this.instructionWindows = new Set(wordWindows(words(instructions)));
    for (const secret of secrets) {
      for (const spelling of secretSpellings(secret).map(secretComparable)) {
        for (let i = 0; i + SECRET_WINDOW <= spelling.length; i += 1) this.secretWindows.add(spelling.slice(i, i + SECRET_WINDOW));
      }
    }
  }

  /** A scan of one answer: feed it the answer's pieces in order. */
  scan(): LeakScan {
    return new LeakScan(this.instructionWindows, this.secretWindows);
  }
}

export class LeakScan {
  private secretTail = '';
  private wordTail: string[] = [];

  constructor(
    private readonly instructionWindows: ReadonlySet<string>,
    private readonly secretWindows: ReadonlySet<string>,
  ) {}

  /** Whether `piece`, read after every piece before it, leaks. Linear in the piece's length. */
  leaks(piece: string): boolean {
    // Credential shapes (a Discord token, an sk- key, an Authorization value) even when no variable holds them.
    if (redact(piece, []) !== piece) return true;
    // The tail holds the last SECRET_WINDOW - 1 characters before this piece, whose windows are already checked.
    const comparable = this.secretTail + secretComparable(piece);
    for (let i = 0; i + SECRET_WINDOW <= comparable.length; i += 1) {
      if (this.secretWindows.has(comparable.slice(i, i + SECRET_WINDOW))) return true;
    }
    this.secretTail = comparable.slice(-(SECRET_WINDOW - 1));
    const tokens = this.wordTail.concat(words(piece));
    if (wordWindows(tokens).some((w) => this.instructionWindows.has(w))) return true;
    this.wordTail = tokens.slice(-(INSTRUCTION_WINDOW - 1));
    return false;
  }
}

function words(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function wordWindows(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + INSTRUCTION_WINDOW <= tokens.length; i += 1) out.push(tokens.slice(i, i + INSTRUCTION_WINDOW).join(' '));
  return out;
}
