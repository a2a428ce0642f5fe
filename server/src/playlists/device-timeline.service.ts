import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { InjectRepository } from '@nestjs/typeorm';
import { regionChain } from '@sunshine/devices';
import { DEFAULT_GRACE_MS, localDateTimeOf, localToInstant } from '@sunshine/playlists';
import { In, Repository } from 'typeorm';
import { AlertEntity } from '../alerts/alert.entity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DevicesService, effectiveQuietHours } from '../devices/devices.service';
import { isoInZone } from '../schedules/occurrences';
import { deviceTimeline, TimelineAlert } from './device-timeline';
import { DeviceTimelineView } from './device-timeline.dto';
import { PlaylistsService } from './playlists.service';

@Injectable()
export class DeviceTimelineService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
    private readonly devices: DevicesService,
    private readonly playlists: PlaylistsService,
    private readonly scope: ScopeService,
  ) {}

  /**
   * The device's local day as its agent would play it: compiled by the same compiler as its playlist, for a
   * window covering the whole day (so the morning of today is shown too), with the alerts that aired there.
   */
  async forDay(deviceId: string, date: string, user?: AuthUser): Promise<DeviceTimelineView> {
    const device = await this.devices.getEntity(deviceId);
    // A town account explains only its own devices.
    await this.scope.assertDevice(user, device);
    const tz = this.config.timezone;
    const [year, month, day] = date.split('-').map(Number);
    const fromMs = localToInstant({ year, month, day, hour: 0, minute: 0 }, tz);
    const next = new Date(Date.UTC(year, month - 1, day + 1));
    const untilMs = localToInstant({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0 }, tz);
    // The compiler keeps slots from now − grace: start "now" one grace after midnight so midnight is the first kept minute.
    const nowMs = fromMs + DEFAULT_GRACE_MS;
    const [compiled] = await this.playlists.dryCompile([device], { nowMs, horizonMs: untilMs - nowMs - 1 });
    const items = deviceTimeline({
      ...compiled,
      fromMs,
      untilMs,
      alerts: await this.alertsFor(device.regionCode, fromMs, untilMs),
      clock: (ms) => {
        const t = localDateTimeOf(ms, tz);
        return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
      },
    });
    return {
      deviceId: device.id,
      date,
      timeZone: tz,
      quietHours: effectiveQuietHours(device),
      items: items.map(({ startMs, endMs, ...rest }) => ({ ...rest, start: isoInZone(startMs, tz), ...(endMs !== null ? { end: isoInZone(endMs, tz) } : {}) })),
    };
  }

  /** Alerts that aired to the device's region in the window, with the span they took (tone + speech, repeated). */
  private async alertsFor(regionCode: string, fromMs: number, untilMs: number): Promise<TimelineAlert[]> {
    const chain = new Set(regionChain(regionCode));
    const rows = await this.alerts.find({ where: { status: In(['active', 'cancelled', 'expired']) }, order: { createdAt: 'ASC' } });
    return rows.flatMap((a) => {
      if (!a.publishedAt || !a.regionCodes.some((c) => chain.has(c))) return [];
      const startMs = a.publishedAt.getTime();
      const playMs = ((a.media?.tone.durationMs ?? 0) + (a.media?.speech?.durationMs ?? 0)) * Math.max(1, a.repeat);
      const endMs = Math.min(startMs + Math.max(playMs, 1000), a.endedAt?.getTime() ?? Infinity, a.expiresAt.getTime());
      if (startMs >= untilMs || endMs <= fromMs) return [];
      return [{ id: a.id, title: a.title, startMs, endMs: Math.max(endMs, startMs + 1) }];
    });
  }
}
