import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { KIND_LABEL, type Content } from '../../common/content-model';
import { formatDateTime } from '../../common/time';
import { fetchContents, type ContentPage } from '../contents/content-list';

const PAGE_SIZE = 20;

/** Revisions waiting for review (submitted), newest first, paged by the server. */
export function ReviewQueue() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page')) || 1;
  const [data, setData] = useState<ContentPage>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    fetchContents({ status: 'submitted' }, page, PAGE_SIZE)
      .then(setData)
      .catch((e) => setError(errorMessage(e)))
      .finally(() => setLoading(false));
  }, [page]);
  useEffect(load, [load]);

  const columns: ColumnsType<Content> = [
    { title: '标题', key: 'title', ellipsis: true, render: (_, c) => <Link to={`/review/${c.id}`}>{c.latest.title}</Link> },
    { title: '类型', key: 'kind', width: 100, render: (_, c) => KIND_LABEL[c.kind] },
    { title: '发布部门', key: 'department', width: 200, ellipsis: true, render: (_, c) => c.latest.department },
    { title: '版本', key: 'number', width: 110, render: (_, c) => (c.approvedRevisionId ? `第 ${c.latest.number} 版（修改）` : `第 ${c.latest.number} 版（首次）`) },
    { title: '作者', key: 'author', width: 90, render: (_, c) => (c.latest.authorId === user?.id ? <Tag color="orange">本人</Tag> : '其他用户') },
    { title: '提交时间', key: 'updatedAt', width: 150, render: (_, c) => formatDateTime(c.updatedAt) },
    { title: '操作', key: 'op', width: 90, render: (_, c) => <Link to={`/review/${c.id}`}>审核</Link> },
  ];

  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>审核</Typography.Title>} extra={<Button icon={<ReloadOutlined />} onClick={load}>刷新</Button>}>
      <Typography.Paragraph type="secondary">待审核的内容版本。审核通过后开始渲染并可排期播出；不能审核通过自己撰写的版本。</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Table<Content>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description="没有待审核的内容" /> }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, showTotal: (t) => `共 ${t} 条待审核`, onChange: (p) => setParams({ page: String(p) }) }}
      />
    </Card>
  );
}
