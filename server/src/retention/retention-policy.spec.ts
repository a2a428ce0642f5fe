import { planMediaGc, retentionCutoffs, sha256sIn, storedSha256 } from './retention-policy';

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-12-05T03:30:00Z');
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

describe('retention cutoffs', () => {
  it('should put each cutoff its number of days before now', () => {
    const c = retentionCutoffs(NOW, { playLogDays: 400, renderJobDays: 30, alertDeliveryDays: 180, auditDays: 1830, mediaUnreferencedDays: 30 });
    expect(c.playLogs.toISOString()).toBe(new Date(NOW - 400 * DAY).toISOString());
    expect(c.renderJobs.toISOString()).toBe('2026-11-05T03:30:00.000Z');
    expect(c.alertDeliveries.getTime()).toBe(NOW - 180 * DAY);
    expect(c.audit.getTime()).toBe(NOW - 1830 * DAY);
  });
});

describe('media references', () => {
  it('should find every sha256 a playlist or alert mentions', () => {
    const envelope = { payload: { items: [{ media: { url: `/media/${A}.mp3`, sha256: A } }, { media: { sha256: B } }] } };
    expect(sha256sIn(envelope).sort()).toEqual([A, B]);
    expect(sha256sIn(null)).toEqual([]);
  });

  it('should recognise only content-addressed file names', () => {
    expect(storedSha256(`${A}.mp3`)).toBe(A);
    expect(storedSha256(`.health-12-ab`)).toBeNull();
    expect(storedSha256(`${A}.mp3.1a2b.part`)).toBeNull();
  });
});

describe('media garbage collection plan', () => {
  const files = [`${A}.mp3`, `${B}.mp4`, `${C}.wav`, 'notes.txt'];

  it('should start the clock for a newly unreferenced file and delete nothing on the first run', () => {
    const plan = planMediaGc(files, new Set([A]), {}, NOW, 30);
    expect(plan).toEqual({ remove: [], next: { [`${B}.mp4`]: NOW, [`${C}.wav`]: NOW } });
  });

  it('should delete a file unreferenced for the whole grace period, and keep one just short of it', () => {
    const plan = planMediaGc(files, new Set([A]), { [`${B}.mp4`]: NOW - 30 * DAY, [`${C}.wav`]: NOW - 30 * DAY + 1 }, NOW, 30);
    expect(plan.remove).toEqual([`${B}.mp4`]);
    expect(plan.next).toEqual({ [`${C}.wav`]: NOW - 30 * DAY + 1 });
  });

  it('should forget a file referenced again, and one that is gone', () => {
    const plan = planMediaGc([`${A}.mp3`], new Set([A]), { [`${A}.mp3`]: NOW - 90 * DAY, [`${B}.mp4`]: NOW - 90 * DAY }, NOW, 30);
    expect(plan).toEqual({ remove: [], next: {} });
  });

  it('should never touch files that are not content-addressed', () => {
    expect(planMediaGc(['notes.txt', '.health-1-ff'], new Set(), { 'notes.txt': 0 }, NOW, 1).remove).toEqual([]);
  });
});
