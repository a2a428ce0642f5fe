/** Stable error codes of the media pipeline; the message shown to operators is Chinese. */
export type MediaErrorCode =
  | 'FFMPEG_NOT_FOUND'
  | 'FFMPEG_FAILED'
  | 'FFMPEG_TIMEOUT'
  | 'FFMPEG_ABORTED'
  | 'PROBE_FAILED'
  | 'LOUDNESS_PARSE_FAILED'
  | 'TTS_UNKNOWN_VOICE'
  | 'TTS_FAILED'
  | 'TTS_TIMEOUT'
  | 'TTS_UNAVAILABLE'
  | 'TEXT_EMPTY'
  | 'WAV_INVALID'
  | 'STORE_INVALID_KEY'
  | 'FONT_NOT_FOUND'
  | 'PROFILE_UNSUPPORTED'
  | 'SOURCE_URL_INVALID'
  | 'RECORDING_NOT_AUDIO'
  | 'RECORDING_TOO_LONG'
  | 'RECORDING_TOO_LARGE'
  | 'VARIANT_MISSING';

export class MediaError extends Error {
  override readonly name = 'MediaError';

  constructor(
    readonly code: MediaErrorCode,
    message: string,
    /** True when the same call may succeed if simply tried again (crash, timeout), false for bad input. */
    readonly retryable = false,
    /** Technical detail for logs, e.g. the tail of ffmpeg's stderr. */
    readonly detail?: string,
  ) {
    super(message);
  }
}
