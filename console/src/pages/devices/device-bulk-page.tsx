import { useState } from 'react';
import { Alert, Button, Card, Empty, Input, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../api/client';
import { CsvFileButton, CsvProblems, problemsOf, type LineProblem } from '../../common/csv-problems';
import { useRegions } from '../../common/use-regions';
import { BULK_TEMPLATE, csvBlob, csvRecords } from './device-csv';

type Check = { ok: true; valid: number } | { ok: false; problems: LineProblem[] };

function download(name: string, text: string) {
  const url = URL.createObjectURL(csvBlob(text));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * 批量登记: one CSV row per device (a county installs 150 speakers in a week). Checked first (every bad row by
 * line), then registered all or none; the tokens come back once, as a CSV download for the installers.
 */
export default function DeviceBulkPage() {
  const { nameOf } = useRegions();
  const [csv, setCsv] = useState('');
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'register' | null>(null);
  const [registered, setRegistered] = useState<{ csv: string; rows: Record<string, string>[] } | null>(null);

  function edit(text: string) {
    setCsv(text);
    setCheck(null);
  }

  async function run(dryRun: boolean) {
    setBusy(dryRun ? 'check' : 'register');
    setError(null);
    try {
      if (dryRun) {
        const r = await unwrap(api.POST('/api/devices/bulk', { params: { query: { dryRun: true } }, body: { csv } }));
        const d = r as unknown as { ok: boolean; valid: number; problems: LineProblem[] };
        setCheck(d.ok ? { ok: true, valid: d.valid } : { ok: false, problems: d.problems });
      } else {
        const tokens = await unwrap(api.POST('/api/devices/bulk', { params: { query: { dryRun: false } }, body: { csv }, parseAs: 'text' }));
        const text = String(tokens);
        setRegistered({ csv: text, rows: csvRecords(text) });
        setCheck(null);
        setCsv('');
        download('device-tokens.csv', text);
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
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>批量登记终端</Typography.Title>
      <Card size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            每行一台终端。必填列：<Typography.Text code>name</Typography.Text> 名称、<Typography.Text code>kind</Typography.Text> 类型（speaker 喇叭 / tv 电视 / led 显示屏）、
            <Typography.Text code>regionCode</Typography.Text> 12 位区划代码；可选：tags（分号分隔）、id、profile、quietHours / openingHours（如 22:00-06:00，“无”表示不设）、defaultVolume（0–100）。
          </Typography.Paragraph>
          <Space wrap>
            <Button icon={<DownloadOutlined />} onClick={() => download('device-template.csv', BULK_TEMPLATE)}>下载模板</Button>
            <CsvFileButton label="选择终端 CSV 文件" onText={edit} />
          </Space>
          <label htmlFor="device-csv">
            <Typography.Text>终端清单 CSV（可直接粘贴）</Typography.Text>
          </label>
          <Input.TextArea id="device-csv" value={csv} onChange={(e) => edit(e.target.value)} rows={8} placeholder={BULK_TEMPLATE} style={{ fontFamily: 'monospace' }} />
          {error && <Alert type="error" showIcon role="alert" title={error} />}
          {check && !check.ok && <CsvProblems problems={check.problems} what="终端清单" />}
          {check?.ok && <Alert type="success" showIcon title={`检查通过：可以登记 ${check.valid} 台终端`} />}
          <Space>
            <Button onClick={() => run(true)} loading={busy === 'check'} disabled={!csv.trim()}>检查</Button>
            <Button type="primary" onClick={() => run(false)} loading={busy === 'register'} disabled={!check?.ok}>登记并下载令牌</Button>
          </Space>
        </Space>
      </Card>
      {registered && (
        <Card size="small" title={`已登记 ${registered.rows.length} 台终端`}>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="令牌只在这一次提供：已下载 device-tokens.csv，请交给安装人员妥善保管。丢失后只能在终端管理中更换令牌。"
            action={<Button size="small" onClick={() => download('device-tokens.csv', registered.csv)}>再次下载令牌 CSV</Button>}
          />
          <Table
            rowKey="id"
            size="small"
            dataSource={registered.rows}
            pagination={registered.rows.length > 20 ? { pageSize: 20 } : false}
            locale={{ emptyText: <Empty description="没有登记任何终端" /> }}
            columns={[
              { title: '编号', dataIndex: 'id', render: (id: string) => <Link to={`/devices/${encodeURIComponent(id)}/manage`}>{id}</Link> },
              { title: '名称', dataIndex: 'name' },
              { title: '类型', dataIndex: 'kind', render: (k: string) => ({ speaker: '喇叭', tv: '电视', led: '显示屏' })[k] ?? k },
              { title: '区划', dataIndex: 'regionCode', render: (c: string) => nameOf(c) },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
