export interface DecodeLevel {
  /** Gain applied while decoding (dB). */
  gainDb: number;
  /** Sample-peak ceiling (dBFS) of a limiter after the gain, so the 16-bit output never clips. */
  peakLimitDb: number;
}

function db(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite level: ${value}`);
  return value.toFixed(2);
}

/**
 * Decodes any audio file ffmpeg can read (MP3 from the edge voices, uploaded recordings) to the internal
 * working format: mono signed 16-bit PCM WAV at the given rate, so its exact length can be read from the header.
 * Only the first audio stream is taken (cover art and video streams are ignored).
 */
export function decodeToWavArgs(inputPath: string, outPath: string, sampleRate: number, level?: DecodeLevel): string[] {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`not a sample rate: ${sampleRate}`);
  const filter = level
    ? ['-af', `volume=${db(level.gainDb)}dB,alimiter=limit=${Math.pow(10, level.peakLimitDb / 20).toFixed(4)}:level=false`]
    : [];
  return [
    '-hide_banner', '-nostdin', '-nostats', '-y',
    '-i', `file:${inputPath}`,
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    ...filter,
    '-c:a', 'pcm_s16le', '-ac', '1', '-ar', String(sampleRate),
    `file:${outPath}`,
  ];
}
