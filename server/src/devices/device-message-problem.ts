/** Why a device's MQTT message was not taken (stable codes; the operator sees them on the device). */
export type DeviceMessageProblemCode = 'RATE_LIMITED' | 'MESSAGE_TOO_LARGE' | 'MALFORMED_MESSAGE' | 'WRONG_DEVICE' | 'TOPIC_DENIED';

/** The last problem with a device's messages, as stored on the device and served by the device API. */
export interface DeviceMessageProblem {
  code: DeviceMessageProblemCode;
  /** Chinese, for the operator. */
  message: string;
  /** When it was last reported (ISO-8601). */
  at: string;
  /** Messages dropped for this reason since the previous report. */
  dropped: number;
}

/**
 * Far above a real batch (the agent sends at most 200 play logs, about 100 KB), far below what would hurt the
 * server: a bigger message is dropped unread.
 */
export const MAX_DEVICE_MESSAGE_BYTES = 512 * 1024;
