import { parseDeviceState, parseEventsBatch } from './device-messages.parse';

const log = {
  id: 'a1b2c3',
  deviceId: 'spk-1',
  slotId: 's:2026-11-23T10:00:00.000Z',
  scheduleId: 's',
  contentId: 'c',
  revisionId: 'r',
  sha256: 'a'.repeat(64),
  startedAt: '2026-11-23T10:00:00.000Z',
  endedAt: '2026-11-23T10:00:20.000Z',
  playedMs: 20000,
  outcome: 'completed',
};

describe('parseEventsBatch', () => {
  it('should reject when the payload is not JSON', () => {
    expect(parseEventsBatch(Buffer.from('{oops'), 'spk-1')).toEqual({ ok: false, reason: expect.any(String) });
  });
  it('should reject when the batch names another device', () => {
    expect(parseEventsBatch(JSON.stringify({ kind: 'events', deviceId: 'spk-2', playLogs: [log] }), 'spk-1').ok).toBe(false);
  });
  it('should keep well-formed logs and drop malformed ones when mixed', () => {
    const bad = [{ ...log, id: 'x', sha256: 'nothex' }, { ...log, id: 'y', deviceId: 'spk-2' }, { ...log, id: 'z', playedMs: -1 }, 'junk', null];
    const r = parseEventsBatch(JSON.stringify({ kind: 'events', deviceId: 'spk-1', batchId: 'b', playLogs: [log, ...bad] }), 'spk-1');
    expect(r.ok && r.value.playLogs).toEqual([log]);
    expect(r.ok && r.dropped).toBe(5);
  });
  it('should keep well-formed command results and drop malformed ones', () => {
    const good = { commandId: 'c1', ok: false, message: '不支持', at: '2026-11-23T10:00:00.000Z' };
    const r = parseEventsBatch(JSON.stringify({ kind: 'events', deviceId: 'spk-1', commandResults: [good, { commandId: 'c2' }, { ok: true }] }), 'spk-1');
    expect(r.ok && r.value.commandResults).toEqual([good]);
  });

  it('should keep well-formed alert acks, drop malformed ones, and add no field when the batch has none', () => {
    const ack = { id: 'ack-1', alertId: '8f14e45f-ceea-467f-a0e1-55a1b8a2c9f1', state: 'failed', reason: 'failed-media', at: '2026-11-23T10:00:00.000Z' };
    const bad = [{ ...ack, id: 'ack-2', state: 'maybe' }, { ...ack, id: 'ack 3' }, { ...ack, id: 'ack-4', at: 'yesterday' }];
    const r = parseEventsBatch(JSON.stringify({ kind: 'events', deviceId: 'spk-1', alertAcks: [ack, ...bad] }), 'spk-1');
    expect(r.ok && r.value.alertAcks).toEqual([ack]);
    const none = parseEventsBatch(JSON.stringify({ kind: 'events', deviceId: 'spk-1', playLogs: [log] }), 'spk-1');
    expect(none.ok && 'alertAcks' in none.value).toBe(false);
  });

  it('should drop a log when its outcome is unknown', () => {
    const r = parseEventsBatch(JSON.stringify({ kind: 'events', deviceId: 'spk-1', playLogs: [{ ...log, outcome: 'maybe' }] }), 'spk-1');
    expect(r.ok && r.value.playLogs).toEqual([]);
  });
});

describe('parseDeviceState', () => {
  it('should accept an online state when well-formed', () => {
    const r = parseDeviceState(JSON.stringify({ online: true, deviceId: 'spk-1', at: '2026-11-23T10:00:00.000Z', cacheBytes: 10 }), 'spk-1');
    expect(r.ok && r.value).toMatchObject({ online: true, cacheBytes: 10 });
  });
  it('should keep volume, clock offset and version and drop an out-of-range volume or negative cache when reported', () => {
    const good = parseDeviceState(JSON.stringify({ online: true, deviceId: 'spk-1', at: '2026-11-23T10:00:00.000Z', volume: 35, clockOffsetMs: -250, agentVersion: '0.1.0' }), 'spk-1');
    expect(good.ok && good.value).toMatchObject({ volume: 35, clockOffsetMs: -250, agentVersion: '0.1.0' });
    const bad = parseDeviceState(JSON.stringify({ online: true, deviceId: 'spk-1', volume: 140, cacheBytes: -5 }), 'spk-1');
    expect(bad.ok && bad.value.volume).toBeUndefined();
    expect(bad.ok && bad.value.cacheBytes).toBeUndefined();
  });
  it('should reject when online is missing', () => {
    expect(parseDeviceState('{"deviceId":"spk-1"}', 'spk-1').ok).toBe(false);
  });
  it('should reject when the state names another device', () => {
    expect(parseDeviceState('{"online":true,"deviceId":"spk-9"}', 'spk-1').ok).toBe(false);
  });
});
