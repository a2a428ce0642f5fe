import { parseProbeJson } from './probe-result';

describe('parseProbeJson', () => {
  it('should convert ffprobe string numbers when reading format and streams', () => {
    const json = JSON.stringify({
      streams: [{ index: 0, codec_type: 'audio', codec_name: 'mp3', sample_rate: '44100', channels: 1 }],
      format: { format_name: 'mp3', duration: '25.600000', bit_rate: '64123' },
    });
    expect(parseProbeJson(json)).toEqual({
      formatName: 'mp3',
      durationMs: 25600,
      bitRate: 64123,
      streams: [{ index: 0, codecType: 'audio', codecName: 'mp3', sampleRate: 44100, channels: 1, width: undefined, height: undefined }],
    });
  });

  it('should keep video dimensions when the stream is video', () => {
    const json = JSON.stringify({ streams: [{ index: 0, codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080 }], format: { format_name: 'mov,mp4', duration: '1.5' } });
    expect(parseProbeJson(json).streams[0]).toMatchObject({ width: 1920, height: 1080, sampleRate: undefined });
  });

  it('should throw PROBE_FAILED when the output is not JSON', () => {
    expect(() => parseProbeJson('oops')).toThrow(expect.objectContaining({ code: 'PROBE_FAILED' }));
  });
});
