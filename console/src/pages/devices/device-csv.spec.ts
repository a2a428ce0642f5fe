import { BULK_TEMPLATE, csvRecords, installCommand, parseCsv } from './device-csv';

describe('parseCsv', () => {
  it('should read quoted fields with commas, doubled quotes and CRLF line ends', () => {
    expect(parseCsv('id,name\r\nspk-1,"广场喇叭, 东"\r\nspk-2,"他说""好"""\r\n')).toEqual([
      ['id', 'name'],
      ['spk-1', '广场喇叭, 东'],
      ['spk-2', '他说"好"'],
    ]);
  });

  it('should skip a byte-order mark and blank lines', () => {
    expect(parseCsv('\uFEFFa,b\n\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });
});

describe('csvRecords', () => {
  it('should key the token CSV rows by the header', () => {
    expect(csvRecords('id,name,kind,regionCode,token\nspk-9,新喇叭,speaker,510811100201,abc')).toEqual([
      { id: 'spk-9', name: '新喇叭', kind: 'speaker', regionCode: '510811100201', token: 'abc' },
    ]);
  });

  it('should give the template the required columns', () => {
    expect(Object.keys(csvRecords(BULK_TEMPLATE)[0])).toEqual(expect.arrayContaining(['name', 'kind', 'regionCode']));
  });
});

describe('installCommand', () => {
  it('should fill in the server, device id and token', () => {
    expect(installCommand('http://10.0.0.2:3000', 'spk-1', 't0k')).toBe(
      'curl -fsSL http://10.0.0.2:3000/api/agent/install.sh | sudo sh -s -- --server http://10.0.0.2:3000 --device-id spk-1 --token t0k',
    );
  });
});
