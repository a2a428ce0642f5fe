import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthUser } from '../auth/auth.decorators';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import type { RegionsService } from '../regions/regions.service';
import type { AlertEntity } from './alert.entity';
import { loadAlertsConfig } from './alerts-config';
import type { AlertActor, AlertInput, AlertMode, AlertsService, AlertView } from './alerts.service';
import { CapIngestService } from './cap-ingest.service';

const fixture = (name: string): string => readFileSync(join(__dirname, 'cap', 'fixtures', name), 'utf8');
const USER: AuthUser = { id: 'u-1', username: 'duty', roles: ['emergency'], scopeRegionCode: null };
const RAIN_RED = { sender: 'qxt@qifeng.weather.example.cn', identifier: '51081141600000-20240715160000-RAIN-RED' };

class FixedClock extends Clock {
  constructor(private readonly at: number) {
    super();
  }
  now(): Date {
    return new Date(this.at);
  }
}

/** Records what the ingest asks of the alerts service; stored alerts are found again by CAP sender + identifier. */
class FakeAlerts {
  readonly created: Array<{ input: AlertInput; actor: AlertActor; mode: AlertMode }> = [];
  readonly cancelled: Array<{ id: string; reason?: string }> = [];
  readonly stored: Array<Pick<AlertEntity, 'id' | 'status' | 'capSender' | 'capIdentifier'>> = [];

  async create(input: AlertInput, actor: AlertActor, mode: AlertMode): Promise<AlertView> {
    this.created.push({ input, actor, mode });
    const id = `alert-${this.created.length}`;
    this.stored.push({ id, status: mode === 'air' ? 'active' : mode === 'hold' ? 'pending-confirmation' : 'exercise', capSender: input.cap!.sender, capIdentifier: input.cap!.identifier });
    return { id } as AlertView;
  }
  async cancel(id: string, _actor: AlertActor, reason?: string): Promise<AlertView> {
    this.cancelled.push({ id, reason });
    return { id } as AlertView;
  }
  async findByCap(sender: string, identifier: string) {
    return this.stored.filter((a) => a.capSender === sender && a.capIdentifier === identifier);
  }
  async get(id: string) {
    return { id };
  }
}

function setup(env: NodeJS.ProcessEnv = {}, at = '2024-07-15T16:05:00+08:00') {
  const alerts = new FakeAlerts();
  const regions = {
    list: async () => [
      { code: '510811000000', name: '栖凤区' },
      { code: '510811100000', name: '青石镇' },
      { code: '510811101000', name: '白鹤镇' },
      { code: '510811200203', name: '杉树村' },
      { code: '510811200000', name: '马鞍彝族乡' },
    ],
  } as unknown as RegionsService;
  const service = new CapIngestService(alerts as unknown as AlertsService, regions, new FixedClock(Date.parse(at)), loadAlertsConfig(env));
  return { alerts, service };
}

describe('CapIngestService', () => {
  it('should air a level-1 CAP alert at once with its CAP identity, text and expiry when level 1 is set to air automatically', async () => {
    const { alerts, service } = setup();
    const result = await service.ingest(fixture('flood-red-zh.xml'), USER);
    expect(result.outcome).toBe('aired');
    expect(alerts.created).toHaveLength(1);
    const { input, actor, mode } = alerts.created[0];
    expect(mode).toBe('air');
    expect(actor).toEqual({ user: USER, source: 'cap', capSender: RAIN_RED.sender });
    expect(input).toMatchObject({ level: 1, regionCodes: ['510811100000', '510811101000'], cap: { ...RAIN_RED, sent: '2024-07-15T16:00:00+08:00' }, supersedes: [] });
    expect(input.text).toContain('请沿河及低洼地带群众立即转移');
    expect(input.expiresAt).toBe('2024-07-15T20:00:00.000Z');
  });

  it('should hold the alert for a duty officer when its level is not set to air automatically', async () => {
    const { alerts, service } = setup({ CAP_AUTO_AIR_LEVELS: '2' });
    const result = await service.ingest(fixture('flood-red-zh.xml'), USER);
    expect(result.outcome).toBe('pending-confirmation');
    expect(alerts.created[0].mode).toBe('hold');
    expect(result.message).toContain('等待值班员确认');
  });

  it('should store an Exercise without airing it', async () => {
    const { alerts, service } = setup({}, '2024-11-09T09:05:00+08:00');
    const result = await service.ingest(fixture('fire-drill-exercise.xml'), USER);
    expect(result.outcome).toBe('exercise');
    expect(alerts.created.map((c) => c.mode)).toEqual(['exercise']);
  });

  it('should not process the same CAP identifier twice', async () => {
    const { alerts, service } = setup();
    await service.ingest(fixture('flood-red-zh.xml'), USER);
    const again = await service.ingest(fixture('flood-red-zh.xml'), USER);
    expect(again.outcome).toBe('duplicate');
    expect(alerts.created).toHaveLength(1);
  });

  it('should replace the referenced alert when an Update arrives', async () => {
    const { alerts, service } = setup({}, '2024-07-15T22:05:00+08:00');
    await service.ingest(fixture('flood-red-zh.xml').replace('2024-07-16T04:00:00+08:00', '2024-07-16T08:00:00+08:00'), USER);
    const result = await service.ingest(fixture('flood-orange-update.xml'), USER);
    expect(result).toMatchObject({ outcome: 'aired', referenced: ['alert-1'] });
    expect(alerts.created[1].input).toMatchObject({ level: 2, supersedes: ['alert-1'], regionCodes: ['510811100000'] });
  });

  it('should cancel the referenced alert when a Cancel arrives, and say so when nothing matches', async () => {
    const { alerts, service } = setup({}, '2024-07-16T01:05:00+08:00');
    const nothing = await service.ingest(fixture('flood-red-cancel.xml'), USER);
    expect(nothing).toMatchObject({ outcome: 'cancelled', referenced: [] });
    expect(nothing.message).toContain('无需撤销');

    alerts.stored.push({ id: 'red', status: 'active', capSender: RAIN_RED.sender, capIdentifier: RAIN_RED.identifier });
    const result = await service.ingest(fixture('flood-red-cancel.xml').replace('RAIN-RED-CANCEL', 'RAIN-RED-CANCEL-2'), USER);
    expect(result).toMatchObject({ outcome: 'cancelled', referenced: ['red'] });
    expect(alerts.cancelled).toEqual([{ id: 'red', reason: expect.stringContaining('撤销') }]);
    expect(alerts.created).toEqual([]);
  });

  it('should refuse an alert that has already expired', async () => {
    const { service } = setup({}, '2024-07-16T05:00:00+08:00');
    await expect(service.ingest(fixture('flood-red-zh.xml'), USER)).rejects.toMatchObject({ code: 'CAP_EXPIRED', status: 400 });
  });

  it('should answer 400 naming the element when the document is invalid', async () => {
    const { service } = setup();
    const err = (await service.ingest(fixture('invalid-bad-status.xml'), USER).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 400, code: 'CAP_INVALID_VALUE', details: { element: 'status' } });
    expect(err.message).toContain('<status>');
  });

  it('should refuse a document declaring entities before anything is expanded', async () => {
    const { service } = setup();
    await expect(service.ingest(fixture('attack-billion-laughs.xml'), USER)).rejects.toMatchObject({ status: 400, code: 'CAP_FORBIDDEN_DTD' });
  });
});
