import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { allowed } from '../../auth/roles';
import { KIND_LABEL, STATUS_COLOR, STATUS_LABEL, type Content, type ContentKind, type ContentStatus } from '../../common/content-model';
import { formatDateTime } from '../../common/time';

export interface ContentFilters {
  kind?: ContentKind;
  status?: ContentStatus;
  department?: string;
  authorId?: string;
  q?: string;
}

export interface ContentPage {
  items: Content[];
  total: number;
}

const PAGE_SIZE = 20;

/** One page of contents matching the filters, filtered and paged by the server (newest first). */
export async function fetchContents(filters: ContentFilters, page: number, pageSize = PAGE_SIZE): Promise<ContentPage> {
  const query = {
    page,
    pageSize,
    kind: filters.kind,
    status: filters.status,
    department: filters.department?.trim() || undefined,
    authorId: filters.authorId,
    q: filters.q?.trim() || undefined,
  };
  const result = await unwrap(api.GET('/api/contents', { params: { query } }));
  return { items: result.items, total: result.total };
}

/** The filters live in the address, so a filtered list can be bookmarked, shared and returned to. */
function readFilters(p: URLSearchParams): ContentFilters {
  return {
    kind: (p.get('kind') as ContentKind) || undefined,
    status: (p.get('status') as ContentStatus) || undefined,
    department: p.get('department') || undefined,
    authorId: p.get('authorId') || undefined,
    q: p.get('q') || undefined,
  };
}

export function ContentList() {
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const page = Number(params.get('page')) || 1;
  const [data, setData] = useState<ContentPage>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [department, setDepartment] = useState(filters.department ?? '');
  const [text, setText] = useState(filters.q ?? '');
  const key = params.toString();

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    fetchContents(readFilters(new URLSearchParams(key)), Number(new URLSearchParams(key).get('page')) || 1)
      .then(setData)
      .catch((e) => setError(errorMessage(e)))
      .finally(() => setLoading(false));
  }, [key]);
  useEffect(load, [load]);

  function set(patch: Partial<Record<keyof ContentFilters | 'page', string | undefined>>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) (v ? next.set(k, v) : next.delete(k));
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  }

  const canWrite = allowed(user?.roles ?? [], ['editor']);
  const columns: ColumnsType<Content> = [
    {
      title: '标题',
      key: 'title',
      render: (_, c) => <Link to={`/contents/${c.id}`}>{c.latest.title}</Link>,
      ellipsis: true,
    },
    { title: '类型', key: 'kind', width: 100, render: (_, c) => KIND_LABEL[c.kind] },
    { title: '状态', key: 'status', width: 90, render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{STATUS_LABEL[c.status]}</Tag> },
    { title: '发布部门', key: 'department', width: 200, ellipsis: true, render: (_, c) => c.latest.department },
    { title: '作者', key: 'author', width: 90, render: (_, c) => (c.latest.authorId === user?.id ? '本人' : '其他用户') },
    { title: '版本', key: 'number', width: 70, render: (_, c) => `第 ${c.latest.number} 版` },
    { title: '更新时间', key: 'updatedAt', width: 150, render: (_, c) => formatDateTime(c.updatedAt) },
  ];

  return (
    <Card
      title={<Typography.Title level={3} style={{ margin: 0 }}>内容</Typography.Title>}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={load}>刷新</Button>
          {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/contents/new')}>撰写内容</Button>}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} aria-label="筛选">
        <Select
          aria-label="类型"
          style={{ width: 130 }}
          value={filters.kind ?? ''}
          onChange={(v) => set({ kind: v || undefined })}
          options={[{ value: '', label: '全部类型' }, ...(['notice', 'interpretation'] as const).map((k) => ({ value: k, label: KIND_LABEL[k] }))]}
        />
        <Select
          aria-label="状态"
          style={{ width: 120 }}
          value={filters.status ?? ''}
          onChange={(v) => set({ status: v || undefined })}
          options={[{ value: '', label: '全部状态' }, ...(Object.keys(STATUS_LABEL) as ContentStatus[]).map((s) => ({ value: s, label: STATUS_LABEL[s] }))]}
        />
        <Select
          aria-label="作者"
          style={{ width: 130 }}
          value={filters.authorId ? 'me' : ''}
          onChange={(v) => set({ authorId: v === 'me' ? user?.id : undefined })}
          options={[{ value: '', label: '全部作者' }, { value: 'me', label: '我撰写的' }]}
        />
        <Input.Search
          aria-label="发布部门"
          placeholder="发布部门（全称）"
          allowClear
          style={{ width: 200 }}
          value={department}
          onChange={(e) => setDepartment(e.target.value)}
          onSearch={(v) => set({ department: v.trim() || undefined })}
        />
        <Input.Search
          aria-label="搜索标题或正文"
          placeholder="搜索标题或正文"
          allowClear
          enterButton="搜索"
          style={{ width: 280 }}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
        />
      </Space>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Table<Content>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={Object.values(filters).some(Boolean) ? '没有符合筛选条件的内容' : '还没有内容，点击“撰写内容”开始'} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data.total,
          showSizeChanger: false,
          showTotal: (t) => `共 ${t} 条`,
          onChange: (p) => set({ page: String(p) }),
        }}
      />
    </Card>
  );
}
