/**
 * The last step of `npm run build`: every script that answers (the command-line tools and the bot's process) is
 * bundled in place, dist/cli/ask.js and the others each becoming one file, so that Node reads one file instead of
 * resolving and loading hundreds of modules of @langchain/core, zod, discord.js and the rest: a quarter of `ask
 * --json`'s start-up. The files that only start others (main.js, the supervisor, the shard manager) stay as tsc
 * wrote them, and they start the bundled bot/start.js where it always was.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../paths.js';

const DIST = path.join(PROJECT_ROOT, 'dist');
// The bench's answering child too, so that the cold start it measures is the one the tools have.
const BUNDLED = ['cli/ask.js', 'cli/chat.js', 'cli/eval.js', 'cli/ingest.js', 'bot/start.js', 'bench/answers-child.js'];

/** Loaded where they stand: native addons, and what only an optional provider imports (on demand). */
const EXTERNAL = ['hnswlib-node', 'better-sqlite3', '@langchain/openai', '@energetic-ai/*'];

await build({
  entryPoints: BUNDLED.map((file) => path.join(DIST, file)),
  outdir: DIST,
  outbase: DIST,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // A package's ES module build where it has one: unused parts of it (stopword's other languages) are left out.
  mainFields: ['module', 'main'],
  external: EXTERNAL,
  // The CommonJS packages inside call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  logLevel: 'warning',
});
