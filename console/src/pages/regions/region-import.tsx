import { useState } from 'react';
import { Alert, Button, Input, Space, Typography } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { api, errorMessage, unwrap } from '../../api/client';
import { CsvFileButton, CsvProblems, problemsOf, type LineProblem } from '../../common/csv-problems';

export const REGION_CSV_EXAMPLE = 'code,name,level\n510811100000,青石镇,town\n510811100201,红岩村,village';

type Check = { ok: true; created: number; updated: number } | { ok: false; problems: LineProblem[] };

/**
 * Region CSV import: pick a file or paste, check first (dry run: every bad row by line), then import. The import
 * is all or nothing on the server, so a checked file imports as shown.
 */
export function RegionImport({ onImported }: { onImported?: (created: number, updated: number) => void }) {
  const [csv, setCsv] = useState('');
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);

  function edit(text: string) {
    setCsv(text);
    setCheck(null);
    setDone(null);
  }

  async function run(dryRun: boolean) {
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const r = await unwrap(api.POST('/api/regions/import', { params: { query: { dryRun } }, body: { csv } }));
      if (dryRun) setCheck(r.ok ? { ok: true, created: r.created, updated: r.updated } : { ok: false, problems: r.problems });
      else {
        setDone(`导入完成：新增 ${r.created} 个区划，更新 ${r.updated} 个名称`);
        setCheck(null);
        onImported?.(r.created, r.updated);
      }
    } catch (err) {
      const problems = problemsOf(err);
      if (problems) setCheck({ ok: false, problems });
      else setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        CSV 文件（UTF-8），首行表头 <Typography.Text code>code,name,level</Typography.Text>：12 位统计用区划代码、名称、级别（town 乡镇 / village 村社区）。上级须在文件中或已导入。
      </Typography.Paragraph>
      <Space wrap>
        <CsvFileButton label="选择区划 CSV 文件" onText={edit} />
        <Button type="link" onClick={() => edit(REGION_CSV_EXAMPLE)}>填入示例</Button>
      </Space>
      <label htmlFor="region-csv">
        <Typography.Text>区划 CSV 内容（可直接粘贴）</Typography.Text>
      </label>
      <Input.TextArea id="region-csv" value={csv} onChange={(e) => edit(e.target.value)} rows={8} placeholder={REGION_CSV_EXAMPLE} style={{ fontFamily: 'monospace' }} />
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      {check && !check.ok && <CsvProblems problems={check.problems} what="区划文件" />}
      {check?.ok && <Alert type="success" showIcon title={`检查通过：将新增 ${check.created} 个区划，更新 ${check.updated} 个名称`} />}
      {done && <Alert type="success" showIcon icon={<CheckCircleOutlined />} title={done} role="status" />}
      <Space>
        <Button onClick={() => run(true)} loading={busy === 'check'} disabled={!csv.trim()}>检查</Button>
        <Button type="primary" onClick={() => run(false)} loading={busy === 'import'} disabled={!check?.ok}>导入</Button>
      </Space>
    </Space>
  );
}
