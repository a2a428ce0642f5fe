import { healthVerdict, mediaStoreCheck } from './health-verdict';

const MB = 1024 * 1024;

describe('health verdict', () => {
  it('should be ok with 200 when every dependency is up', () => {
    expect(healthVerdict([{ name: 'database', ok: true }, { name: 'mqtt', ok: true }, { name: 'mediaStore', ok: true }])).toEqual({ status: 'ok', httpStatus: 200, down: [] });
  });

  it('should answer 503 naming each dependency that is down', () => {
    const v = healthVerdict([{ name: 'database', ok: false, problem: 'x' }, { name: 'mqtt', ok: true }, { name: 'mediaStore', ok: false, problem: 'y' }]);
    expect(v).toEqual({ status: 'degraded', httpStatus: 503, down: ['database', 'mediaStore'] });
  });
});

describe('media store check', () => {
  it('should fail when the store cannot be written', () => {
    const c = mediaStoreCheck({ writable: false, freeBytes: 10_000 * MB, writeError: 'EACCES' }, 512 * MB);
    expect(c.ok).toBe(false);
    expect(c.problem).toContain('不可写');
  });

  it('should fail when free space is below the minimum', () => {
    const c = mediaStoreCheck({ writable: true, freeBytes: 100 * MB }, 512 * MB);
    expect(c).toEqual({ name: 'mediaStore', ok: false, problem: '媒体存储磁盘剩余空间不足：剩余 100 MB，低于 512 MB' });
  });

  it('should pass at exactly the minimum and when free space is unknown', () => {
    expect(mediaStoreCheck({ writable: true, freeBytes: 512 * MB }, 512 * MB).ok).toBe(true);
    expect(mediaStoreCheck({ writable: true, freeBytes: null }, 512 * MB).ok).toBe(true);
  });
});
