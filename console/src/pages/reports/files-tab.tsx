import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { api, errorMessage, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useAuth } from '../../auth/auth-context';
import { formatBytes } from '../../common/labels';
import { dayjs, formatDateTime, TIME_ZONE } from '../../common/time';
import { useRequest } from '../../common/use-request';
import { saveFile } from './save-file';

type ReportFile = components['schemas']['ReportFileResponse'];
type Kind = ReportFile['kind'];
const KIND_NAMES: Record<Kind, string> = { month: '月报', quarter: '季度通报' };
const FORMAT_COLORS: Record<string, string> = { csv: 'green', xlsx: 'blue', pdf: 'red' };

/** The last closed month and quarter, the periods an admin most likely regenerates. */
function lastClosed(kind: Kind): string {
  const now = dayjs().tz(TIME_ZONE);
  if (kind === 'month') return now.subtract(1, 'month').format('YYYY-MM');
  const q = Math.floor(now.month() / 3); // the current quarter, 0-based; the previous one is closed
  return q === 0 ? `${now.year() - 1}-Q4` : `${now.year()}-Q${q}`;
}

/** Fetches the file with the session's token and saves it under its Chinese name. */
async function download(file: ReportFile): Promise<void> {
  saveFile(await api.GET('/api/reports/files/{id}', { params: { path: { id: file.id } }, parseAs: 'blob' }), file.fileName);
}

/** 报表文件: the monthly and quarterly files made after each period closes; an admin may make one again. */
export function FilesTab() {
  const { message } = App.useApp();
  const isAdmin = useAuth().user?.roles.includes('admin') ?? false;
  const [kind, setKind] = useState<Kind | undefined>(undefined);
  const files = useRequest(() => unwrap(api.GET('/api/reports/files', { params: { query: { kind } } })), [kind]);
  const [form] = Form.useForm<{ kind: Kind; period: string }>();
  const [busy, setBusy] = useState(false);
  const [downloading, setDownloading] = useState<string | null>(null);

  async function regenerate(values: { kind: Kind; period: string }) {
    setBusy(true);
    try {
      const made = await unwrap(api.POST('/api/reports/files', { body: { kind: values.kind, period: values.period.trim() } }));
      message.success(`已生成 ${made.length} 个文件（${made[0]?.periodLabel ?? values.period}）`);
      files.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function save(file: ReportFile) {
    setDownloading(file.id);
    try {
      await download(file);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setDownloading(null);
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {isAdmin && (
        <Card size="small" title="重新生成（如迟到的播放记录已补报）">
          <Form form={form} layout="inline" initialValues={{ kind: 'quarter', period: lastClosed('quarter') }} onFinish={regenerate} style={{ rowGap: 8 }}>
            <Form.Item label="报表类型" name="kind">
              <Select style={{ width: 120 }} options={(['month', 'quarter'] as const).map((k) => ({ value: k, label: KIND_NAMES[k] }))} onChange={(k: Kind) => form.setFieldValue('period', lastClosed(k))} />
            </Form.Item>
            <Form.Item
              label="统计周期"
              name="period"
              rules={[
                { required: true, message: '请填写统计周期' },
                { pattern: /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, message: '月报填 YYYY-MM，季报填 YYYY-Qn' },
              ]}
            >
              <Input placeholder="2026-Q3 或 2026-09" style={{ width: 140 }} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>重新生成</Button>
            </Form.Item>
          </Form>
        </Card>
      )}
      {files.error && <Alert type="error" showIcon title={files.error} role="alert" />}
      <Card
        size="small"
        title="定期报表文件"
        extra={
          <Space>
            <label htmlFor="report-file-kind">类型</label>
            <Select id="report-file-kind" allowClear placeholder="全部" style={{ width: 120 }} value={kind} onChange={setKind} options={(['month', 'quarter'] as const).map((k) => ({ value: k, label: KIND_NAMES[k] }))} />
          </Space>
        }
      >
        <Table<ReportFile>
          rowKey="id"
          size="small"
          loading={files.loading}
          dataSource={files.data ?? []}
          locale={{ emptyText: <Empty description="还没有报表文件：每月、每季度结束后自动生成" /> }}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 个文件` }}
          columns={[
            { title: '文件', key: 'fileName', render: (_, f) => f.fileName },
            { title: '类型', key: 'kind', render: (_, f) => KIND_NAMES[f.kind] },
            { title: '统计周期', dataIndex: 'periodLabel' },
            { title: '区划', dataIndex: 'regionName' },
            { title: '格式', key: 'format', render: (_, f) => <Tag color={FORMAT_COLORS[f.format]}>{f.format.toUpperCase()}</Tag> },
            { title: '大小', key: 'bytes', align: 'right', render: (_, f) => formatBytes(f.bytes) },
            { title: '生成时间', key: 'createdAt', render: (_, f) => formatDateTime(String(f.createdAt)) },
            {
              title: '操作',
              key: 'download',
              render: (_, f) => (
                <Button size="small" loading={downloading === f.id} onClick={() => void save(f)} aria-label={`下载 ${f.fileName}`}>下载</Button>
              ),
            },
          ]}
        />
        <Typography.Text type="secondary">月报与季度通报在周期结束后自动生成，含 CSV、XLSX 与 PDF 三种格式。</Typography.Text>
      </Card>
    </Space>
  );
}
