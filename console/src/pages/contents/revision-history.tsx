import { useMemo, useState } from 'react';
import { Empty, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { REVIEW_STATE_LABEL, revisionText, type Revision } from '../../common/content-model';
import { TextDiff } from '../../common/text-diff';
import { formatDateTime } from '../../common/time';
import { authorLabel } from './use-revision-authors';

const STATE_COLOR: Record<Revision['reviewState'], string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'success',
  rejected: 'error',
  superseded: 'default',
  withdrawn: 'warning',
};

/** Every revision of a content, and a text diff between any two of them. */
export function RevisionHistory({ revisions, userId, voiceName, authors }: { revisions: Revision[]; userId?: string; voiceName(id: string): string; authors: Map<string, string> }) {
  const sorted = useMemo(() => [...revisions].sort((a, b) => b.number - a.number), [revisions]);
  const [newer, setNewer] = useState<string | undefined>(sorted[0]?.id);
  const [older, setOlder] = useState<string | undefined>(sorted[1]?.id);
  if (sorted.length === 0) return <Empty description="没有版本记录" />;
  const a = sorted.find((r) => r.id === older);
  const b = sorted.find((r) => r.id === newer);
  const options = sorted.map((r) => ({ value: r.id, label: `第 ${r.number} 版（${REVIEW_STATE_LABEL[r.reviewState]}，${formatDateTime(r.createdAt)}）` }));

  const columns: ColumnsType<Revision> = [
    { title: '版本', key: 'number', width: 80, render: (_, r) => `第 ${r.number} 版` },
    { title: '标题', dataIndex: 'title', ellipsis: true },
    { title: '状态', key: 'state', width: 100, render: (_, r) => <Tag color={STATE_COLOR[r.reviewState]}>{REVIEW_STATE_LABEL[r.reviewState]}</Tag> },
    { title: '作者', key: 'author', width: 100, render: (_, r) => authorLabel(r.authorId, r.id, userId, authors) },
    { title: '保存时间', key: 'createdAt', width: 150, render: (_, r) => formatDateTime(r.createdAt) },
    {
      title: '审核意见',
      key: 'review',
      render: (_, r) => (r.reviewedAt ? `${formatDateTime(r.reviewedAt)} ${r.reviewComment ?? ''}`.trim() : '—'),
      ellipsis: true,
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Table<Revision> rowKey="id" size="small" columns={columns} dataSource={sorted} pagination={sorted.length > 10 ? { pageSize: 10 } : false} scroll={{ x: 700 }} />
      {sorted.length < 2 ? (
        <Typography.Text type="secondary">只有一个版本，保存修改后可在此比较两个版本的差异。</Typography.Text>
      ) : (
        <>
          <Space wrap>
            <label htmlFor="diff-older">比较</label>
            <Select id="diff-older" style={{ width: 320 }} value={older} onChange={setOlder} options={options} aria-label="较早的版本" />
            <span>与</span>
            <Select id="diff-newer" style={{ width: 320 }} value={newer} onChange={setNewer} options={options} aria-label="较新的版本" />
          </Space>
          {a && b && <TextDiff before={revisionText(a, voiceName)} after={revisionText(b, voiceName)} label="两个版本的差异" />}
        </>
      )}
    </Space>
  );
}
