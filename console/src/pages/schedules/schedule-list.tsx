import { useMemo, useState } from 'react';
import { Alert, App, Button, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, errorMessage, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { DEVICE_KIND_NAMES } from '../../common/labels';
import { loadRegions, regionName, type Region } from '../../common/regions';
import { formatDateTime } from '../../common/time';
import { useRequest } from '../../common/use-request';
import { describeSlots } from './slots-text';
import { listItems } from '../../common/page';

type Schedule = components['schemas']['ScheduleResponse'];
type Content = components['schemas']['ContentResponse'];

function describeTargets(t: Schedule['targets'], regions: Region[] | undefined): string {
  const parts: string[] = [];
  if (t.regionCodes?.length) parts.push(t.regionCodes.map((c) => regionName(regions, c)).join('、'));
  if (t.deviceIds?.length) parts.push(`${t.deviceIds.length} 台指定设备`);
  if (t.kinds?.length) parts.push(t.kinds.map((k) => DEVICE_KIND_NAMES[k] ?? k).join('、'));
  if (t.tags?.length) parts.push(`标签 ${t.tags.join('、')}`);
  return parts.join('；') || '—';
}

export function ScheduleList() {
  const { message } = App.useApp();
  const [showCancelled, setShowCancelled] = useState(false);
  const schedules = useRequest(() => unwrap(api.GET('/api/schedules')), []);
  const contents = useRequest(() => unwrap(api.GET('/api/contents', { params: { query: { pageSize: 200 } } })), []);
  const regions = useRequest(loadRegions, []);
  const titles = useMemo(() => new Map(listItems(contents.data).map((c: Content) => [c.id, c.latest.title])), [contents.data]);
  const rows = useMemo(
    () => [...(schedules.data ?? [])].filter((s) => showCancelled || s.active).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    [schedules.data, showCancelled],
  );

  const cancel = async (s: Schedule) => {
    try {
      await unwrap(api.POST('/api/schedules/{id}/cancel', { params: { path: { id: s.id } } }));
      message.success(`已取消《${titles.get(s.contentId) ?? '排期'}》的排期，相关终端将收到新的播放列表`);
      schedules.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const columns: ColumnsType<Schedule> = [
    { title: '内容', key: 'title', render: (_, s) => titles.get(s.contentId) ?? <Typography.Text type="secondary">（内容 {s.contentId.slice(0, 8)}）</Typography.Text> },
    { title: '播出规则', key: 'rule', render: (_, s) => describeSlots(s.slots) + (s.repeat > 1 ? `，连播 ${s.repeat} 遍` : '') },
    { title: '播出对象', key: 'targets', render: (_, s) => describeTargets(s.targets, regions.data) },
    { title: '创建时间', dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: '状态', key: 'active', width: 80, render: (_, s) => (s.active ? <Tag color="green">有效</Tag> : <Tag>已取消</Tag>) },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, s) =>
        s.active ? (
          <Popconfirm title="取消这个排期？" description="覆盖的终端将不再播出这些时段。" okText="取消排期" cancelText="保留" onConfirm={() => cancel(s)}>
            <Button danger size="small">
              取消
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <label style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
        <Switch size="small" checked={showCancelled} onChange={setShowCancelled} />
        显示已取消的排期
      </label>
      {(schedules.error || contents.error) && <Alert type="error" showIcon message={`排期加载失败：${schedules.error ?? contents.error}`} />}
      <Table<Schedule>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={schedules.loading}
        pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 个排期`, hideOnSinglePage: false }}
        locale={{ emptyText: '还没有排期。点击“新建排期”安排一条已审核通过的内容播出。' }}
        scroll={{ x: 900 }}
      />
    </Space>
  );
}
