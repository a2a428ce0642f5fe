/**
 * The MQTT messages of docs/protocol.md as named types, one per topic, for `npm run schemas`
 * (scripts/schemas.js): envelopes wrap the contract payloads of playlists/src/model exactly as the server signs them.
 */
import type { Envelope } from '../playlists/src/envelope/envelope';
import type { AlertPayload } from '../playlists/src/model/alerts';
import type { CommandPayload, DeviceEventsBatch, DeviceStatePayload } from '../playlists/src/model/device-messages';
import type { PlaylistPayload } from '../playlists/src/model/playlist';

/** `sunshine/v1/devices/{deviceId}/playlist` (server → device, QoS 1, retained): the signed playlist envelope. */
export type PlaylistMessage = Envelope<PlaylistPayload>;
/** `sunshine/v1/devices/{deviceId}/command` (server → device, QoS 1): a signed command envelope. */
export type CommandMessage = Envelope<CommandPayload>;
/** `sunshine/v1/alerts/{regionCode}` (server → devices, QoS 1, retained while active): a signed emergency broadcast envelope. */
export type AlertMessage = Envelope<AlertPayload>;
/** `sunshine/v1/devices/{deviceId}/state` (device → server, QoS 1, retained; also the Last Will): the device state, unsigned. */
export type StateMessage = DeviceStatePayload;
/** `sunshine/v1/devices/{deviceId}/events` (device → server, QoS 1): a batch of play logs, errors, command results and alert answers, unsigned. */
export type EventsMessage = DeviceEventsBatch;
