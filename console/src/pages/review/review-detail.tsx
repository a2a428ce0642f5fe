import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Form, Input, Result, Row, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { allowed } from '../../auth/roles';
import { KIND_LABEL, revisionText, STATUS_COLOR, STATUS_LABEL, type Content } from '../../common/content-model';
import { RenderPreview } from '../../common/render-preview';
import { SpeechReading } from '../../common/speech-reading';
import { TextDiff } from '../../common/text-diff';
import { formatDateTime } from '../../common/time';
import { authorLabel, useRevisionAuthors } from '../contents/use-revision-authors';
import { useVoices, voiceNamer } from '../contents/use-voices';
import { approveBlockedReason } from './review-rules';

/** One submitted revision: what changed since the approved one, how it sounds, approve or reject with a comment. */
export function ReviewDetail() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { voices } = useVoices();
  const authors = useRevisionAuthors(id);
  const [content, setContent] = useState<Content | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setContent(await unwrap(api.GET('/api/contents/{id}', { params: { path: { id } } })));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  if (loading) return <Spin tip="加载中…" style={{ display: 'block', marginTop: 80 }}><div /></Spin>;
  if (error || !content) return <Result status="error" title="无法打开内容" subTitle={error} extra={<Link to="/review">返回审核列表</Link>} />;

  const latest = content.latest;
  const approved = content.approvedRevisionId ? content.revisions?.find((r) => r.id === content.approvedRevisionId) : undefined;
  const name = voiceNamer(voices);
  const blocked = approveBlockedReason(latest, user?.id);
  const pending = latest.reviewState === 'submitted';

  async function decide(action: 'approve' | 'reject') {
    if (action === 'reject' && !comment.trim()) {
      setActionError('驳回时请填写审核意见，告诉编辑需要修改什么');
      return;
    }
    setBusy(action);
    setActionError(null);
    try {
      const path = action === 'approve' ? '/api/contents/{id}/approve' : '/api/contents/{id}/reject';
      await unwrap(api.POST(path, { params: { path: { id } }, body: comment.trim() ? { comment: comment.trim() } : {} }));
      message.success(action === 'approve' ? `已审核通过《${latest.title}》，开始渲染` : `已驳回《${latest.title}》`);
      navigate('/review');
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  const approveButton = (
    <Button type="primary" icon={<CheckOutlined />} disabled={!!blocked} loading={busy === 'approve'} onClick={() => void decide('approve')}>
      审核通过
    </Button>
  );

  return (
    <Card
      title={
        <Space wrap>
          <Link to="/review" aria-label="返回审核列表"><ArrowLeftOutlined /></Link>
          <Typography.Title level={3} style={{ margin: 0 }}>{latest.title}</Typography.Title>
          <Tag>{KIND_LABEL[content.kind]}</Tag>
          <Tag color={STATUS_COLOR[content.status]}>{STATUS_LABEL[content.status]}</Tag>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="版本">第 {latest.number} 版</Descriptions.Item>
        <Descriptions.Item label="作者">{authorLabel(latest.authorId, latest.id, user?.id, authors)}</Descriptions.Item>
        <Descriptions.Item label="保存时间">{formatDateTime(latest.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="发布部门">{latest.department}</Descriptions.Item>
        {latest.interpreter && <Descriptions.Item label="解读人">{latest.interpreter}</Descriptions.Item>}
        <Descriptions.Item label="语速">{latest.rate} 倍</Descriptions.Item>
      </Descriptions>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={approved ? `与已通过的第 ${approved.number} 版比较` : '首次提交（没有已通过的版本可比较）'} style={{ marginBottom: 16 }}>
            <TextDiff before={approved ? revisionText(approved, name) : ''} after={revisionText(latest, name)} label="与已通过版本的差异" />
          </Card>
          <Card size="small" title="试听与预览" style={{ marginBottom: 16 }}>
            <RenderPreview contentId={content.id} revisionId={latest.id} canRender={allowed(user?.roles ?? [], ['editor', 'operator'])} voiceName={name} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title="审核意见" style={{ marginBottom: 16 }}>
            {!pending ? (
              <Alert type="info" showIcon title={`此版本当前状态为“${STATUS_LABEL[content.status]}”，无需审核`} />
            ) : (
              <Form layout="vertical">
                <Form.Item label="审核意见" htmlFor="review-comment" extra="驳回时必填；通过时可留空">
                  <Input.TextArea id="review-comment" rows={3} maxLength={500} showCount value={comment} onChange={(e) => setComment(e.target.value)} />
                </Form.Item>
                {blocked && <Alert type="warning" showIcon title={blocked} style={{ marginBottom: 12 }} data-testid="approve-blocked" />}
                {actionError && <Alert type="error" showIcon title={actionError} role="alert" style={{ marginBottom: 12 }} />}
                <Space>
                  {blocked ? <Tooltip title={blocked}><span>{approveButton}</span></Tooltip> : approveButton}
                  <Button danger icon={<CloseOutlined />} loading={busy === 'reject'} onClick={() => void decide('reject')}>
                    驳回
                  </Button>
                </Space>
              </Form>
            )}
          </Card>
          <SpeechReading text={latest.body} rate={latest.rate} />
        </Col>
      </Row>
    </Card>
  );
}
