import { describe, expect, it } from 'vitest';
import { runLoad } from './load/run-load.js';

/** `npm run loadtest` in small: the same driver and floors, 60 questions in about 3 seconds. */
describe('the bot under a short burst of members', () => {
  it('settles every question once, without an error, p95 under a second', async () => {
    const report = await runLoad({ members: 30, questions: 60, seconds: 3, seed: 11 });
    expect(report).toMatchObject({ questions: 60, lost: 0, duplicates: 0, errors: 0 });
    expect(report.errorDetails).toEqual([]);
    expect(report.answered + report.refused + report.notes + report.silentNotes).toBe(60);
    expect(report.answered).toBeGreaterThan(0);
    expect(report.asked.mention > 0 && report.asked.slash > 0).toBe(true);
    expect(report.p95Ms).toBeLessThan(1000);
    expect(report.maxRssMb).toBeGreaterThan(0);
  }, 60_000);
});
