import { Alert, Badge, Space, Typography } from 'antd';
import type { components } from '../../api/schema';
import { formatDateTime, formatDateTimeSeconds } from '../../common/time';

export type Device = components['schemas']['DeviceResponse'];
type MessageProblemCode = components['schemas']['DeviceMessageProblemResponse']['code'];

/** What the server did with the device's MQTT messages, in the operator's words (typed: a new code must be named). */
export const MESSAGE_PROBLEM_NAMES: Record<MessageProblemCode, string> = {
  RATE_LIMITED: '消息过于频繁',
  MESSAGE_TOO_LARGE: '消息过大',
  MALFORMED_MESSAGE: '消息格式错误',
  WRONG_DEVICE: '消息冒用其他设备编号',
  TOPIC_DENIED: '消息发往无权使用的主题',
};

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

/**
 * The last time the server dropped this device's messages (a flood, a broken agent, another device's id): the
 * device may look online while its play logs or state are not arriving. Nothing when it never happened.
 */
export function MessageProblem({ device }: { device: Device }) {
  const p = device.messageProblem;
  if (!p) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="device-message-problem"
      message={`服务器丢弃了这台设备的消息：${MESSAGE_PROBLEM_NAMES[p.code] ?? p.code}`}
      description={`${p.message}。最近一次在 ${formatDateTimeSeconds(p.at)}，这次记录了 ${p.dropped} 条被丢弃的消息。`}
    />
  );
}
