import { Badge, Space, Typography } from 'antd';
import type { components } from '../../api/schema';
import { formatDateTime } from '../../common/time';

export type Device = components['schemas']['DeviceResponse'];

/** A device clock more than 5 s off the server's is a problem worth seeing (timed items air late or early). */
export const CLOCK_OFFSET_LIMIT_MS = 5_000;

export function StatusBadge({ device }: { device: Device }) {
  if (!device.active) return <Badge status="default" text="已停用" />;
  return device.online ? <Badge status="success" text="在线" /> : <Badge status="error" text="离线" />;
}

export function clockOffsetText(ms: number | null): string {
  if (ms === null) return '—';
  const s = ms / 1000;
  return `${s > 0 ? '+' : ''}${Math.abs(s) < 10 ? s.toFixed(1) : Math.round(s)} 秒`;
}

export function ClockOffset({ ms }: { ms: number | null }) {
  const off = ms !== null && Math.abs(ms) > CLOCK_OFFSET_LIMIT_MS;
  return <Typography.Text type={off ? 'danger' : undefined}>{clockOffsetText(ms)}{off ? '（偏差过大）' : ''}</Typography.Text>;
}

export function NowPlaying({ device }: { device: Device }) {
  if (!device.nowPlaying) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text ellipsis style={{ maxWidth: 200 }} title={device.nowPlaying.title}>
        {device.nowPlaying.title}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        自 {formatDateTime(device.nowPlaying.since)}
      </Typography.Text>
    </Space>
  );
}
