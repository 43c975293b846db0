import { describe, expect, it } from 'vitest';
import { SIGNAL_ECHO_MS, type SignalKind, signalCounter } from '../src/bot/signals.js';

describe('reading stop signals', () => {
  const cases: [string, [NodeJS.Signals, number][], SignalKind[]][] = [
    ['one signal', [['SIGTERM', 0]], ['first']],
    ['the same one at once: its echo', [['SIGINT', 0], ['SIGINT', 5]], ['first', 'echo']],
    ['the same one later: asked again', [['SIGINT', 0], ['SIGINT', SIGNAL_ECHO_MS + 1]], ['first', 'again']],
    ['another signal at once: asked again', [['SIGINT', 0], ['SIGTERM', 5]], ['first', 'again']],
    ['an echo does not push the window back', [['SIGINT', 0], ['SIGINT', SIGNAL_ECHO_MS - 1], ['SIGINT', SIGNAL_ECHO_MS + 1]], ['first', 'echo', 'again']],
    ['an echo of the second request', [['SIGTERM', 0], ['SIGTERM', 2000], ['SIGTERM', 2001]], ['first', 'again', 'echo']],
  ];
  it.each(cases)('%s', (_name, signals, expected) => {
    let clock = 0;
    const kindOf = signalCounter(() => clock);
    expect(
      signals.map(([signal, at]) => {
        clock = at;
        return kindOf(signal);
      }),
    ).toEqual(expected);
  });
});
