import { parseArgs } from 'node:util';
import { EXIT, engineConfigOrExit, startEngine } from '../app/startup.js';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
if (values.help) {
  console.log('Usage: npm run ingest -- [--json]\nRebuilds the vector index from data/ and prints passages, dimensions and time.');
  process.exit(EXIT.ok);
}
const config = engineConfigOrExit();
const engine = await startEngine(config);
const info = await engine.reindex();
if (values.json) console.log(JSON.stringify(info));
else {
  console.log(`Indexed “${info.article}”`);
  console.log(`  paragraphs  ${info.paragraphs} (${info.passages} passages across languages)`);
  console.log(`  dimensions  ${info.dimensions}`);
  console.log(`  embedder    ${info.embedder}`);
  console.log(`  time        ${info.indexMs} ms`);
  console.log(`  saved to    ${config.indexDir}`);
}
