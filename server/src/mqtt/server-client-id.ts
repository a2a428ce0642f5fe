/**
 * The client id of the server's persistent MQTT session. The broker keeps one session per client id — the
 * server's subscriptions and the device events queued while it is away — so the id must:
 * - stay the same across restarts of one API process, or the old session's queue is never collected;
 * - differ between API processes running at the same time (leader and standby), or each connect takes the session
 *   away from the other (the broker drops the older connection), and they keep knocking each other off.
 * The default is `<user>-<installation>-<host>-<HTTP port>`: the installation id is random, made once in the data
 * dir, so two installations sharing a broker never share a session; host and HTTP port tell apart the API
 * processes of one installation (no two processes listen on one port of one host). `MQTT_CLIENT_ID` replaces it
 * where the host name is not stable (containers) or the port is chosen at random (`PORT=0`).
 */
export function serverClientId(p: { configured: string | null; username: string; installationId: string; hostname: string; httpPort: number }): string {
  if (p.configured) return p.configured;
  const safe = (s: string, max: number): string => s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, max);
  return `${safe(p.username, 24)}-${safe(p.installationId, 12)}-${safe(p.hostname, 24)}-${p.httpPort}`;
}
