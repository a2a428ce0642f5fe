import { MediaError } from '../media-error';

function invalid(reason: string): MediaError {
  return new MediaError('WAV_INVALID', `语音文件格式无效（${reason}）`);
}

/**
 * Exact duration of a PCM WAV in milliseconds (fractional), from its `fmt ` and `data` chunks. A data size
 * that overruns the buffer (header written before the length was known) counts the bytes actually present.
 */
export function wavDurationMs(buffer: Buffer): number {
  if (buffer.length < 12 || buffer.toString('ascii', 0, 4) !== 'RIFF' || buffer.toString('ascii', 8, 12) !== 'WAVE') {
    throw invalid('不是 RIFF/WAVE');
  }
  let byteRate: number | undefined;
  let offset = 12;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString('ascii', offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buffer.length) throw invalid('fmt 块过短');
      byteRate = buffer.readUInt32LE(body + 8);
    } else if (id === 'data') {
      if (!byteRate) throw invalid('data 块出现在 fmt 块之前');
      const bytes = Math.min(size, buffer.length - body);
      return (bytes / byteRate) * 1000;
    }
    offset = body + size + (size % 2); // chunks are word-aligned
  }
  throw invalid('缺少 data 块');
}
