import { describe, expect, it } from 'vitest';
import { runLoad } from './load/run-load.js';
import { MIX } from './load/schedule.js';

/** `npm run loadtest` in small: the same driver, paths and floors, 60 questions in about 3 seconds. */
describe('the bot under a short burst of members', () => {
  it('settles every question once, without an error, p95 under a second', async () => {
    const report = await runLoad({ members: 30, questions: 60, seconds: 3, seed: 11 });
    expect(report).toMatchObject({ questions: 60, lost: 0, duplicates: 0, errors: 0 });
    expect(report.errorDetails).toEqual([]);
    expect(report.answered + report.refused + report.notes + report.silentNotes).toBe(60);
    expect(report.answered).toBeGreaterThan(0);
    // Every way in carries a share: mention, /ask, thread follow-ups, DMs, forum posts, the message menu, a user-installed /ask.
    for (const [kind] of MIX) {
      expect(report.asked[kind], kind).toBeGreaterThan(0);
      const path = report.byPath[kind];
      expect(path.asked).toBe(report.asked[kind]);
      expect(path.answered + path.refused, kind).toBeGreaterThan(0);
    }
    const sum = (field: 'answered' | 'refused' | 'notes') => MIX.reduce((total, [kind]) => total + report.byPath[kind][field], 0);
    expect([sum('answered'), sum('refused'), sum('notes')]).toEqual([report.answered, report.refused, report.notes]);
    expect(report.p95Ms).toBeLessThan(1000);
    expect(report.maxRssMb).toBeGreaterThan(0);
  }, 60_000);
});
