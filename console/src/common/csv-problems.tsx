import { useRef } from 'react';
import { Alert, Button, Table } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';

export interface LineProblem {
  line: number;
  reason: string;
}

/** The per-line problems the server attached to a refused import (details.problems), if any. */
export function problemsOf(err: unknown): LineProblem[] | null {
  if (!(err instanceof ApiError)) return null;
  const details = err.details as { problems?: LineProblem[] } | undefined;
  return Array.isArray(details?.problems) ? details.problems : null;
}

/** Every bad row of a CSV check, by line, so the spreadsheet can be fixed in one pass. */
export function CsvProblems({ problems, what }: { problems: readonly LineProblem[]; what: string }) {
  return (
    <>
      <Alert type="error" showIcon role="alert" title={`${what}有 ${problems.length} 个问题，请修改后重新检查（表头为第 1 行）`} style={{ marginBottom: 8 }} />
      <Table<LineProblem>
        size="small"
        rowKey={(p, i) => `${p.line}-${i}`}
        dataSource={[...problems]}
        pagination={problems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        columns={[
          { title: '行号', dataIndex: 'line', width: 90, render: (l: number) => `第 ${l} 行` },
          { title: '问题', dataIndex: 'reason' },
        ]}
      />
    </>
  );
}

/** Reads a picked file as UTF-8 text (county spreadsheets are saved as UTF-8 CSV). */
export function readFileText(file: File): Promise<string> {
  return file.text();
}

/**
 * "选择 CSV 文件": a button opening the file picker (the input itself stays hidden but labelled for screen
 * readers) that hands the file's text over; the same file can be picked again after it was edited.
 */
export function CsvFileButton({ label, onText }: { label: string; onText: (text: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        aria-label={label}
        style={{ display: 'none' }}
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (f) onText(await readFileText(f));
          e.target.value = '';
        }}
      />
      <Button icon={<FileTextOutlined />} onClick={() => input.current?.click()}>选择 CSV 文件</Button>
    </>
  );
}
