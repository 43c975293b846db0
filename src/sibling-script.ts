/**
 * Some entry points start Node processes of their own (the sharding manager its shards, the bench its cold
 * starts). The child must run the way this process runs: the compiled .js under dist/ with plain node, or the
 * .ts source with the loader this process was started with (tsx, in development and in the tests).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SiblingScript {
  /** The script `name` beside the calling module, with the calling module's own extension. */
  file: string;
  /** This process's Node flags (tsx's loader when running from source; none when compiled). */
  execArgv: string[];
}

export function siblingScript(callerUrl: string, name: string): SiblingScript {
  const caller = fileURLToPath(callerUrl);
  return { file: path.join(path.dirname(caller), `${name}${path.extname(caller)}`), execArgv: [...process.execArgv] };
}
