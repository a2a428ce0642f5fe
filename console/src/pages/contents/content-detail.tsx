import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Popconfirm, Result, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { allowed } from '../../auth/roles';
import { KIND_LABEL, REVIEW_STATE_LABEL, STATUS_COLOR, STATUS_LABEL, type Content } from '../../common/content-model';
import { RenderPreview } from '../../common/render-preview';
import { SpeechReading } from '../../common/speech-reading';
import { formatDateTime } from '../../common/time';
import { ContentForm } from './content-form';
import { RevisionHistory } from './revision-history';
import { useRevisionAuthors } from './use-revision-authors';
import { useVoices, voiceNamer } from './use-voices';

/** One content: edit (each save is a new revision), listen and watch the preview, submit, history with diffs, withdraw. */
export function ContentDetail() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const [content, setContent] = useState<Content | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<'submit' | 'withdraw' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const { voices } = useVoices();
  const authors = useRevisionAuthors(id, content?.latestRevisionId);

  const load = useCallback(async () => {
    try {
      setContent(await unwrap(api.GET('/api/contents/{id}', { params: { path: { id } } })));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [id]);
  useEffect(() => {
    setLoading(true);
    void load();
  }, [load]);

  if (loading) return <Spin tip="加载中…" style={{ display: 'block', marginTop: 80 }}><div /></Spin>;
  if (error || !content) return <Result status="error" title="无法打开内容" subTitle={error} extra={<Link to="/contents">返回内容列表</Link>} />;

  const roles = user?.roles ?? [];
  const isEditor = allowed(roles, ['editor']);
  const latest = content.latest;
  const canEdit = isEditor && content.status !== 'withdrawn';
  const canWithdraw = allowed(roles, ['editor', 'reviewer']) && content.status === 'approved';
  const tab = params.get('tab') ?? (canEdit ? 'edit' : 'preview');

  async function act(kind: 'submit' | 'withdraw') {
    setBusy(kind);
    setActionError(null);
    try {
      const path = kind === 'submit' ? '/api/contents/{id}/submit' : '/api/contents/{id}/withdraw';
      await unwrap(api.POST(path, { params: { path: { id } } }));
      message.success(kind === 'submit' ? '已提交审核' : '已撤回，设备上的排期将移除此内容');
      await load();
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  const submitBlocked = dirty
    ? '请先保存修改，再提交审核'
    : latest.reviewState === 'submitted'
      ? '已提交，等待审核员审核'
      : latest.reviewState === 'draft'
        ? null
        : content.status === 'withdrawn'
          ? '内容已撤回'
          : '修改并保存为新版本后可再次提交';
  const submitButton = (
    <Button type="primary" icon={<SendOutlined />} disabled={!!submitBlocked} loading={busy === 'submit'} onClick={() => void act('submit')}>
      提交审核
    </Button>
  );

  return (
    <Card
      title={
        <Space wrap>
          <Link to="/contents" aria-label="返回内容列表"><ArrowLeftOutlined /></Link>
          <Typography.Title level={3} style={{ margin: 0 }}>{latest.title}</Typography.Title>
          <Tag>{KIND_LABEL[content.kind]}</Tag>
          <Tag color={STATUS_COLOR[content.status]} data-testid="content-status">{STATUS_LABEL[content.status]}</Tag>
        </Space>
      }
      extra={
        <Space>
          {isEditor && (submitBlocked ? <Tooltip title={submitBlocked}><span>{submitButton}</span></Tooltip> : submitButton)}
          {canWithdraw && (
            <Popconfirm title="撤回后所有设备将停止播出此内容，确定撤回？" okText="撤回" cancelText="取消" onConfirm={() => act('withdraw')}>
              <Button danger icon={<RollbackOutlined />} loading={busy === 'withdraw'}>撤回</Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          第 {latest.number} 版（{REVIEW_STATE_LABEL[latest.reviewState]}），保存于 {formatDateTime(latest.createdAt)}
        </Typography.Text>
        {content.approvedRevisionId && content.approvedRevisionId !== latest.id && (
          <Typography.Text type="secondary">设备上播出的是已通过的较早版本，新版本通过审核后替换。</Typography.Text>
        )}
      </Space>
      {latest.reviewState === 'rejected' && latest.reviewComment && <Alert type="warning" showIcon title={`审核驳回：${latest.reviewComment}`} style={{ marginBottom: 12 }} />}
      {dirty && latest.reviewState === 'draft' && <Typography.Paragraph type="warning">有未保存的修改：保存为新版本后再提交审核。</Typography.Paragraph>}
      {actionError && <Alert type="error" showIcon title={actionError} role="alert" style={{ marginBottom: 12 }} />}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          ...(canEdit
            ? [
                {
                  key: 'edit',
                  label: '编辑',
                  children: (
                    <ContentForm
                      key={latest.id}
                      content={content}
                      onDirtyChange={setDirty}
                      onSaved={() => {
                        message.success('已保存为新版本');
                        void load();
                      }}
                      aside={(text, rate) => <SpeechReading text={text} rate={rate} />}
                    />
                  ),
                },
              ]
            : []),
          {
            key: 'preview',
            label: '试听预览',
            children: <RenderPreview key={latest.id} contentId={content.id} revisionId={latest.id} canRender={allowed(roles, ['editor', 'operator'])} voiceName={voiceNamer(voices)} />,
          },
          {
            key: 'history',
            label: `版本历史（${content.revisions?.length ?? 1}）`,
            children: <RevisionHistory revisions={content.revisions ?? [latest]} userId={user?.id} voiceName={voiceNamer(voices)} authors={authors} />,
          },
        ]}
      />
    </Card>
  );
}
