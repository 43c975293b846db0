import { engineConfigOrExit, startEngine } from '../app/startup.js';
import { runChat } from './chat-session.js';

const engine = await startEngine(engineConfigOrExit());
await runChat(engine);
