/**
 * How the bot's processes read stop signals: the first asks for a graceful stop (answers in flight finish), a
 * second asks to stop at once. The same signal again within SIGNAL_ECHO_MS is not a second request but the echo
 * of the first: one Ctrl-C reaches the whole foreground process group (npm, the shard manager and its shards
 * alike) and a parent then relays the one it got; systemd signals every process of the unit and so does the
 * manager.
 */
export const SIGNAL_ECHO_MS = 500;

export type SignalKind = 'first' | 'echo' | 'again';

/** Tells, for each signal received, whether it is the first, the echo of the last one, or a second request. */
export function signalCounter(now: () => number = () => performance.now()): (signal: NodeJS.Signals) => SignalKind {
  let last: { signal: NodeJS.Signals; at: number } | undefined;
  return (signal) => {
    const at = now();
    const kind: SignalKind = !last ? 'first' : last.signal === signal && at - last.at < SIGNAL_ECHO_MS ? 'echo' : 'again';
    // An echo does not restart the window: a person's second Ctrl-C still counts.
    if (kind !== 'echo') last = { signal, at };
    return kind;
  };
}
