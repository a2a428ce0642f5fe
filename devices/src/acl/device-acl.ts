/**
 * MQTT authorisation (DESIGN.md §6): one pure decision function for the embedded broker and for the HTTP
 * auth/ACL endpoint an external broker (EMQX, Mosquitto) calls. Anything not explicitly allowed is denied.
 */
import { parseTopic } from '@sunshine/playlists';

export type AclPrincipal = { type: 'server' } | { type: 'device'; deviceId: string; regionCodes: string[] };

export type AclCode =
  | 'ok'
  | 'bad-credentials'
  | 'device-inactive'
  | 'bad-client-id'
  | 'client-id-mismatch'
  | 'wildcard-denied'
  | 'topic-denied';

export interface AclDecision {
  allow: boolean;
  /** Stable English code for logs and the HTTP endpoint. */
  code: AclCode;
  /** Chinese, for the operator. */
  reason: string;
}

/** Characters that would let a device id escape its topic level. */
const UNSAFE_ID = /[/+#\u0000]/;

export function authorizeConnect(p: { clientId: string; username: string; credentialsValid: boolean; deviceActive: boolean }): AclDecision {
  if (!p.credentialsValid) return deny('bad-credentials', '用户名或设备令牌无效');
  if (!p.deviceActive) return deny('device-inactive', `设备 ${p.username} 已停用`);
  if (p.username === '' || UNSAFE_ID.test(p.username)) return deny('bad-client-id', '设备编号不能为空，且不能包含 / + # 字符');
  if (p.clientId !== p.username) return deny('client-id-mismatch', `客户端标识 ${p.clientId} 必须与设备编号 ${p.username} 相同`);
  return allow('允许连接');
}

export function authorizePublish(principal: AclPrincipal, topic: string): AclDecision {
  if (principal.type === 'server') return allow('服务器可发布任意主题');
  if (hasWildcard(topic)) return deny('wildcard-denied', '发布主题不能包含通配符');
  const t = parseTopic(topic);
  if (t && (t.kind === 'state' || t.kind === 'events') && t.deviceId === principal.deviceId) return allow('允许发布本设备的状态与事件');
  return deny('topic-denied', `设备 ${principal.deviceId} 无权发布主题 ${topic}`);
}

export function authorizeSubscribe(principal: AclPrincipal, topicFilter: string): AclDecision {
  if (principal.type === 'server') return allow('服务器可订阅任意主题');
  if (hasWildcard(topicFilter)) return deny('wildcard-denied', '设备订阅不能使用通配符 + 或 #');
  const t = parseTopic(topicFilter);
  if (t && (t.kind === 'playlist' || t.kind === 'command') && t.deviceId === principal.deviceId) {
    return allow('允许订阅本设备的播放单与指令');
  }
  if (t?.kind === 'alert' && principal.regionCodes.includes(t.regionCode)) return allow('允许订阅所属区域的应急广播');
  return deny('topic-denied', `设备 ${principal.deviceId} 无权订阅主题 ${topicFilter}`);
}

function hasWildcard(topic: string): boolean {
  return topic.includes('+') || topic.includes('#');
}

function allow(reason: string): AclDecision {
  return { allow: true, code: 'ok', reason };
}

function deny(code: Exclude<AclCode, 'ok'>, reason: string): AclDecision {
  return { allow: false, code, reason };
}
