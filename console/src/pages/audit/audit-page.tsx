import { useState } from 'react';
import { Alert, Button, DatePicker, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { components, paths } from '../../api/schema';
import { api, unwrap } from '../../api/client';
import { formatDateTimeSeconds, TIME_ZONE, dayjs } from '../../common/time';
import { usePolling } from '../../common/use-polling';
import { AUDIT_ACTION_NAMES, TARGET_TYPE_NAMES } from './audit-actions';

type Entry = components['schemas']['AuditEntryView'];
type Query = NonNullable<paths['/api/audit']['get']['parameters']['query']>;
type Action = NonNullable<Query['action']>;

interface Filters {
  action?: Action;
  actor?: string;
  targetId?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

const PAGE_SIZE = 50;

/** 审计日志 (admin): logins, user, role and device changes — who, when, from where — newest first, paged by the server. */
export default function AuditPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZE);
  const result = usePolling(
    async () => {
      const [from, until] = filters.period ?? [null, null];
      const query: Query = {
        page,
        pageSize,
        action: filters.action,
        actor: filters.actor?.trim() || undefined,
        targetId: filters.targetId?.trim() || undefined,
        // Whole local days in the county's zone, whatever the browser's zone is.
        from: from ? dayjs.tz(from.format('YYYY-MM-DD'), TIME_ZONE).startOf('day').toISOString() : undefined,
        until: until ? dayjs.tz(until.format('YYYY-MM-DD'), TIME_ZONE).endOf('day').toISOString() : undefined,
      };
      return unwrap(api.GET('/api/audit', { params: { query } }));
    },
    0,
    [filters, page, pageSize],
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>审计日志</Typography.Title>
      <Form<Filters> layout="inline" onFinish={(v) => { setFilters(v); setPage(1); }} style={{ rowGap: 8 }}>
        <Form.Item label="操作" name="action">
          <Select allowClear style={{ width: 160 }} placeholder="全部" options={Object.entries(AUDIT_ACTION_NAMES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="操作人" name="actor">
          <Input allowClear style={{ width: 140 }} placeholder="用户名" />
        </Form.Item>
        <Form.Item label="对象编号" name="targetId">
          <Input allowClear style={{ width: 180 }} placeholder="用户 ID 或终端编号" />
        </Form.Item>
        <Form.Item label="日期" name="period">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Button type="primary" htmlType="submit">查询</Button>
      </Form>
      {result.error && <Alert type="error" showIcon role="alert" title={result.error} />}
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={result.loading}
        dataSource={result.data?.items ?? []}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty description="没有符合条件的记录" /> }}
        pagination={{
          current: page,
          pageSize,
          total: result.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (t) => `共 ${t} 条`,
          onChange: (p, s) => { setPage(s === pageSize ? p : 1); setPageSize(s); },
        }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => formatDateTimeSeconds(v) },
          { title: '操作', dataIndex: 'action', width: 130, render: (a: string) => <Tag color={a.startsWith('login.f') || a === 'login.locked' ? 'red' : undefined}>{AUDIT_ACTION_NAMES[a] ?? a}</Tag> },
          { title: '操作人', dataIndex: 'actorName', width: 120, render: (v: string | null) => v ?? '—' },
          { title: '来源地址', dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
          { title: '对象', width: 200, render: (_, e) => (e.targetId ? `${TARGET_TYPE_NAMES[e.targetType ?? ''] ?? e.targetType ?? ''} ${e.targetId}` : '—') },
          { title: '详情', dataIndex: 'details', render: (d: Record<string, unknown> | null) => (d && Object.keys(d).length > 0 ? <Typography.Text code style={{ wordBreak: 'break-all' }}>{JSON.stringify(d)}</Typography.Text> : '—') },
        ]}
      />
    </Space>
  );
}
