import type { PlaylistPayload } from '../model/playlist';
import { validatePlaylistPayload } from './validate-playlist';

const SHA = 'ab'.repeat(32);

function valid(): PlaylistPayload {
  const media = { url: `/media/${SHA}.mp3`, sha256: SHA, size: 2048, durationMs: 61_000, mime: 'audio/mpeg' };
  return {
    kind: 'playlist',
    deviceId: 'spk-1',
    regionCodes: ['510811100201', '510811100000'],
    version: 'cd'.repeat(32),
    timezone: 'Asia/Shanghai',
    horizon: { from: '2025-03-01T00:00:00.000Z', until: '2025-03-08T00:00:00.000Z' },
    items: [
      {
        slotId: 's1:2025-03-01T10:30:00.000Z',
        scheduleId: 's1',
        contentId: 'c1',
        revisionId: 'r1',
        title: '防汛通知',
        priority: 'timed',
        startAt: '2025-03-01T10:30:00.000Z',
        repeat: 2,
        media,
      },
    ],
    loop: [{ scheduleId: 's2', contentId: 'c2', revisionId: 'r2', title: '', media: { ...media, url: 'https://cdn.example.cn/m.mp4' } }],
    quietHours: [{ from: '22:00', until: '06:00' }],
    issuedAt: '2025-03-01T00:00:00.000Z',
    expiresAt: '2025-03-08T00:00:00.000Z',
    seq: 0,
  };
}

function errorsOf(mutate: (p: Record<string, unknown> & PlaylistPayload) => void): string[] {
  const p = valid() as Record<string, unknown> & PlaylistPayload;
  mutate(p);
  const result = validatePlaylistPayload(p);
  if (result.ok) throw new Error('expected validation errors');
  return result.errors;
}

describe('validatePlaylistPayload', () => {
  it('should return the payload when it is well-formed', () => {
    const p = valid();
    expect(validatePlaylistPayload(p)).toEqual({ ok: true, value: p });
  });

  it('should accept loop items with window bounds when they are ISO instants with an offset', () => {
    const p = valid();
    p.loop.push({ ...p.loop[0], scheduleId: 's3', from: '2025-03-02T08:00:00+08:00', until: '2025-03-03T00:00:00.000Z' });
    p.loop.push({ ...p.loop[0], scheduleId: 's4', until: '2025-03-02T08:00:00.000Z' });
    expect(validatePlaylistPayload(p)).toEqual({ ok: true, value: p });
  });

  it('should accept unknown extra fields when a newer server adds them', () => {
    expect(validatePlaylistPayload({ ...valid(), futureField: { x: 1 } }).ok).toBe(true);
  });

  it.each([null, 'playlist', [], 7])('should reject %p when it is not an object', (x) => {
    expect(validatePlaylistPayload(x)).toEqual({ ok: false, errors: ['playlist 必须是对象'] });
  });

  it.each<[string, (p: Record<string, unknown> & PlaylistPayload) => void, string]>([
    ['a wrong kind', (p) => (p.kind = 'command' as 'playlist'), 'kind 必须是 "playlist"'],
    ['an empty deviceId', (p) => (p.deviceId = ''), 'deviceId 必须是非空字符串'],
    ['an uppercase version hash', (p) => (p.version = 'CD'.repeat(32)), 'version 必须是 64 位小写十六进制'],
    ['a short region code', (p) => (p.regionCodes = ['5108']), 'regionCodes[0] 必须是 12 位区划代码'],
    ['a missing timezone', (p) => delete (p as Partial<PlaylistPayload>).timezone, 'timezone 必须是非空字符串'],
    ['a local-time issuedAt', (p) => (p.issuedAt = '2025-03-01 08:00'), 'issuedAt 必须是带时区的 ISO-8601 时间'],
    ['expiry before issue', (p) => (p.expiresAt = '2025-02-28T00:00:00.000Z'), 'expiresAt 不得早于 issuedAt'],
    ['a negative seq', (p) => (p.seq = -1), 'seq 必须是不小于 0 的整数'],
    ['a reversed horizon', (p) => (p.horizon = { from: p.horizon.until, until: p.horizon.from }), 'horizon.until 不得早于 horizon.from'],
    ['a missing horizon', (p) => delete (p as Partial<PlaylistPayload>).horizon, 'horizon 必须是对象'],
    ['items that are not an array', (p) => ((p as Record<string, unknown>).items = {}), 'items 必须是数组'],
    ['a non-object item', (p) => ((p.items as unknown[])[0] = 'x'), 'items[0] 必须是对象'],
    ['an unknown priority', (p) => ((p.items[0] as { priority: string }).priority = 'urgent'), 'items[0].priority 必须是 emergency、timed 或 loop'],
    ['an inherited priority name', (p) => ((p.items[0] as { priority: string }).priority = 'toString'), 'items[0].priority 必须是 emergency、timed 或 loop'],
    ['a zero repeat', (p) => (p.items[0].repeat = 0), 'items[0].repeat 必须是不小于 1 的整数'],
    ['a numeric title', (p) => ((p.items[0] as { title: unknown }).title = 5), 'items[0].title 必须是字符串'],
    ['an empty slotId', (p) => (p.items[0].slotId = ''), 'items[0].slotId 必须是非空字符串'],
    ['a short sha256', (p) => (p.items[0].media.sha256 = 'abc'), 'items[0].media.sha256 必须是 64 位小写十六进制'],
    ['a numeric url', (p) => ((p.items[0].media as { url: unknown }).url = 1), 'items[0].media.url 必须是 http(s) 地址或以 / 开头的路径'],
    ['a file: url', (p) => (p.items[0].media.url = 'file:///etc/passwd'), 'items[0].media.url 必须是 http(s) 地址或以 / 开头的路径'],
    ['a protocol-relative url', (p) => (p.items[0].media.url = '//evil.example/x.mp3'), 'items[0].media.url 必须是 http(s) 地址或以 / 开头的路径'],
    ['a fractional duration', (p) => (p.items[0].media.durationMs = 1.5), 'items[0].media.durationMs 必须是不小于 0 的整数'],
    ['a negative size', (p) => (p.items[0].media.size = -1), 'items[0].media.size 必须是不小于 0 的整数'],
    ['an empty mime', (p) => (p.items[0].media.mime = ''), 'items[0].media.mime 必须是非空字符串'],
    ['a missing media', (p) => delete (p.items[0] as Partial<PlaylistPayload['items'][0]>).media, 'items[0].media 必须是对象'],
    ['a duplicate slotId', (p) => p.items.push({ ...p.items[0] }), 'items[1].slotId 重复：s1:2025-03-01T10:30:00.000Z'],
    ['a loop item with a bad sha256', (p) => (p.loop[0].media.sha256 = 'z'.repeat(64)), 'loop[0].media.sha256 必须是 64 位小写十六进制'],
    ['a loop item without scheduleId', (p) => delete (p.loop[0] as Partial<PlaylistPayload['loop'][0]>).scheduleId, 'loop[0].scheduleId 必须是非空字符串'],
    ['a loop from without offset', (p) => (p.loop[0].from = '2025-03-02T08:00'), 'loop[0].from 必须是带时区的 ISO-8601 时间'],
    ['a loop until that is not a date', (p) => (p.loop[0].until = '明天'), 'loop[0].until 必须是带时区的 ISO-8601 时间'],
    ['a numeric loop until', (p) => ((p.loop[0] as { until: unknown }).until = 1_740_000_000_000), 'loop[0].until 必须是带时区的 ISO-8601 时间'],
    ['a loop until on 30 February', (p) => (p.loop[0].until = '2025-02-30T00:00:00.000Z'), 'loop[0].until 必须是带时区的 ISO-8601 时间'],
    ['a null loop from', (p) => ((p.loop[0] as { from: unknown }).from = null), 'loop[0].from 必须是带时区的 ISO-8601 时间'],
    [
      'a loop window ending before it starts',
      (p) => Object.assign(p.loop[0], { from: '2025-03-02T08:00:00.000Z', until: '2025-03-02T07:00:00.000Z' }),
      'loop[0].until 不得早于 loop[0].from',
    ],
    ['a malformed quiet-hours bound', (p) => (p.quietHours[0].until = '6:00'), 'quietHours[0].until 必须是 HH:MM'],
  ])('should report an error when the payload has %s', (_label, mutate, message) => {
    expect(errorsOf(mutate)).toEqual([message]);
  });

  it('should collect every error when several fields are wrong', () => {
    const errors = errorsOf((p) => {
      p.deviceId = '';
      p.seq = 1.5;
      p.items[0].media.sha256 = '';
    });
    expect(errors).toEqual(['deviceId 必须是非空字符串', 'seq 必须是不小于 0 的整数', 'items[0].media.sha256 必须是 64 位小写十六进制']);
  });
});
