import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { errorMessage } from '../../api/client';

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';
const LABELS: Record<ExportFormat, string> = { csv: '导出 CSV', xlsx: '导出 Excel', pdf: '导出 PDF 通报' };

/** CSV / Excel / PDF downloads of the report on screen, with the same filters. */
export function ExportButtons({ download }: { download: (format: ExportFormat) => Promise<void> }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  async function run(format: ExportFormat) {
    setBusy(format);
    try {
      await download(format);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }
  return (
    <Space size={4} wrap>
      {(Object.keys(LABELS) as ExportFormat[]).map((f) => (
        <Button key={f} size="small" loading={busy === f} disabled={busy !== null && busy !== f} onClick={() => void run(f)}>
          {LABELS[f]}
        </Button>
      ))}
    </Space>
  );
}
