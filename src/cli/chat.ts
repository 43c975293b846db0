import { loadConfigOrExit, startEngine } from './bootstrap.js';
import { runChat } from './chat-session.js';

const engine = await startEngine(loadConfigOrExit());
await runChat(engine);
