/**
 * The baseline of `npm run bench:agent`: a bare mqtt.js client that logs in as a device and subscribes the way the
 * agent does (its playlist and command topics, QoS 1, persistent session), keeping the last retained playlist
 * payload — and doing nothing else. Usage: node bare-subscriber.js <mqtt url> <device id> <token>
 */
import { connect } from 'mqtt';
import { topics } from '@sunshine/playlists';

const [url, deviceId, token] = process.argv.slice(2);
let held: Buffer | null = null;
const client = connect(url, { clientId: deviceId, username: deviceId, password: token, clean: false, protocolVersion: 4, keepalive: 30, reconnectPeriod: 1_000 });
client.on('connect', () => {
  client.subscribe([topics.playlist(deviceId), topics.command(deviceId)], { qos: 1 });
  process.stdout.write(`${JSON.stringify({ msg: 'connected' })}\n`);
});
client.on('message', (topic, payload) => {
  if (topic === topics.playlist(deviceId)) {
    held = payload;
    process.stdout.write(`${JSON.stringify({ msg: 'playlist', bytes: held.length })}\n`);
  }
});
process.on('SIGTERM', () => client.end(true, {}, () => process.exit(0)));
