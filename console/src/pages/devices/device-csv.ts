/** The bulk registration template: the server's columns (name, kind, regionCode required) with two example rows. */
export const BULK_TEMPLATE = [
  'name,kind,regionCode,tags,id,profile,quietHours,openingHours,defaultVolume',
  '红岩村广场喇叭,speaker,510811100201,村村通;广场,,,22:00-06:00,,60',
  '青石镇便民服务中心电视,tv,510811100000,服务大厅,,,无,08:30-17:30,',
].join('\n');

/** Excel opens a UTF-8 CSV correctly only with a byte-order mark. */
export function csvBlob(text: string): Blob {
  return new Blob(['\uFEFF' + text.replace(/^\uFEFF/, '')], { type: 'text/csv;charset=utf-8' });
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields; blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/** The rows of a CSV with a header, as objects keyed by column name. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ''])));
}

/** The one-line agent install for a device (the server serves install.sh and the agent package). */
export function installCommand(server: string, deviceId: string, token: string): string {
  return `curl -fsSL ${server}/api/agent/install.sh | sudo sh -s -- --server ${server} --device-id ${deviceId} --token ${token}`;
}
