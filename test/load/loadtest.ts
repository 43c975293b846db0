/**
 * npm run loadtest [-- --members 50 --questions 500 --seconds 60 --latency 0 --seed 1 --json]
 *
 * The real bot, in its own process, under simulated members through the Discord emulator. Prints a summary;
 * with --json, the numbers as one JSON object on the last line. Exits 1 when a floor is broken: a question
 * lost or answered twice, an error, or p95 at 1 second or more.
 */
import { parseArgs } from 'node:util';
import { type LoadReport, type LoadSummary, runLoad } from './run-load.js';
import { MIX, type QuestionKind } from './schedule.js';

const P95_FLOOR_MS = 1000;

/** How the report names each way of asking. */
const PATH_NAMES: Record<QuestionKind, string> = {
  mention: 'mention',
  slash: '/ask',
  followup: 'thread follow-up',
  dm: 'DM',
  forum: 'forum post',
  menu: 'message menu',
  user_install: 'user-install /ask',
};

function wholeNumber(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`--${name} expects a whole number of at least ${min}, got "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '50' },
    questions: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    // Milliseconds before each REST answer, to stand in for Discord's own latency.
    latency: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
  },
});

const options = {
  members: wholeNumber('members', values.members, 1),
  questions: wholeNumber('questions', values.questions, 1),
  seconds: wholeNumber('seconds', values.seconds, 1),
  seed: wholeNumber('seed', values.seed, 0),
  latencyMs: wholeNumber('latency', values.latency, 0),
};
process.stderr.write(`${options.questions} questions from ${options.members} members over about ${options.seconds} s (seed ${options.seed}, ${options.latencyMs} ms REST latency)…\n`);
const report = await runLoad({ ...options, progress: (line) => process.stderr.write(`  ${line}\n`) });

const broken = [
  report.lost > 0 && `${report.lost} lost`,
  report.duplicates > 0 && `${report.duplicates} answered twice`,
  report.errors > 0 && `${report.errors} errors`,
  report.p95Ms >= P95_FLOOR_MS && `p95 ${report.p95Ms} ms`,
].filter((item): item is string => typeof item === 'string');

process.stdout.write(summary(report, broken));
if (values.json) {
  const numbers: LoadSummary = {
    questions: report.questions,
    answered: report.answered,
    refused: report.refused,
    lost: report.lost,
    duplicates: report.duplicates,
    errors: report.errors,
    p50Ms: report.p50Ms,
    p95Ms: report.p95Ms,
    p99Ms: report.p99Ms,
    maxRssMb: report.maxRssMb,
    requestsPerAnswer: report.requestsPerAnswer,
    byPath: report.byPath,
  };
  process.stdout.write(`${JSON.stringify(numbers)}\n`);
}
process.exit(broken.length > 0 ? 1 : 0);

function summary(r: LoadReport, brokenFloors: string[]): string {
  const lines = [
    '',
    `Load test: ${r.questions} questions from ${options.members} members in ${r.wallSeconds} s across ${r.guilds} guilds (${r.threadGuilds} answering in threads), ${options.latencyMs} ms added to each REST call`,
    `  asked by      ${MIX.map(([kind]) => `${PATH_NAMES[kind]} ${r.asked[kind]}`).join(' · ')}`,
    `  settled       ${r.answered} answered · ${r.refused} refused by the engine · ${r.notes} rate-limit or busy notes (${r.silentNotes} more not written: one per member or guild per minute)`,
    `  lost          ${r.lost}`,
    `  duplicates    ${r.duplicates}`,
    `  errors        ${r.errors}${r.errorDetails.length ? `: ${r.errorDetails.slice(0, 5).join('; ')}` : ''}`,
    `  latency       p50 ${r.p50Ms} ms · p95 ${r.p95Ms} ms · p99 ${r.p99Ms} ms (question sent → final reply on Discord; answers and refusals)`,
    `  bot process   peak RSS ${r.maxRssMb} MB · ${r.requests} REST requests, ${r.requestsPerAnswer} per question answered or refused`,
    brokenFloors.length ? `  FLOORS BROKEN: ${brokenFloors.join(', ')}` : '  floors met: 0 lost, 0 duplicates, 0 errors, p95 under 1 s',
    '',
    `  ${'path'.padEnd(18)}${['asked', 'answered', 'refused', 'notes', 'p50 ms', 'p95 ms'].map((h) => h.padStart(9)).join('')}`,
    ...MIX.map(([kind]) => {
      const p = r.byPath[kind];
      return `  ${PATH_NAMES[kind].padEnd(18)}${[p.asked, p.answered, p.refused, p.notes, p.p50Ms, p.p95Ms].map((n) => String(n).padStart(9)).join('')}`;
    }),
    '',
  ];
  return lines.join('\n');
}
