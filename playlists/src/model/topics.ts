/** MQTT topic names of DESIGN.md §6. One place builds and parses them so server, agent and ACL agree. */
export const TOPIC_ROOT = 'sunshine/v1';

export const topics = {
  playlist: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/playlist`,
  command: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/command`,
  state: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/state`,
  events: (deviceId: string) => `${TOPIC_ROOT}/devices/${deviceId}/events`,
  alert: (regionCode: string) => `${TOPIC_ROOT}/alerts/${regionCode}`,
};

export type DeviceTopicKind = 'playlist' | 'command' | 'state' | 'events';

export type ParsedTopic =
  | { kind: DeviceTopicKind; deviceId: string }
  | { kind: 'alert'; regionCode: string };

const DEVICE_TOPIC = /^sunshine\/v1\/devices\/([^/+#]+)\/(playlist|command|state|events)$/;
const ALERT_TOPIC = /^sunshine\/v1\/alerts\/(\d{12})$/;

export function parseTopic(topic: string): ParsedTopic | null {
  const d = DEVICE_TOPIC.exec(topic);
  if (d) return { kind: d[2] as DeviceTopicKind, deviceId: d[1] };
  const a = ALERT_TOPIC.exec(topic);
  if (a) return { kind: 'alert', regionCode: a[1] };
  return null;
}
