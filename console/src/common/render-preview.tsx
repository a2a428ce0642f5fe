import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, Progress, Space, Spin, Tag, Typography } from 'antd';
import { PlayCircleOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { api, errorMessage, unwrap } from '../api/client';
import { formatDuration, mediaUrl, profileLabel, type RenderJob, type Rendition } from './content-model';

/** How often job progress is asked for while a render runs (GET, so no session token has to travel in a URL). */
const POLL_MS = 1000;

interface Props {
  contentId: string;
  /** The revision shown; the server renders a content's latest revision, so `canRender` only applies to it. */
  revisionId: string;
  canRender: boolean;
  /** Chinese name of a voice id (the catalogue's), for "朗读语音". */
  voiceName?(id: string): string;
}

const newestBy = <T extends { profile: string; createdAt: string }>(rows: T[], keep: (r: T) => boolean = () => true): Map<string, T> => {
  const out = new Map<string, T>();
  for (const r of [...rows].sort((a, b) => b.createdAt.localeCompare(a.createdAt))) if (keep(r) && !out.has(r.profile)) out.set(r.profile, r);
  return out;
};

/**
 * Preview of a revision as devices will play it: start a render (the loudspeaker version alone is quick; every
 * screen profile in use takes longer), watch each job's progress, then listen to the MP3 and watch each video.
 */
export function RenderPreview({ contentId, revisionId, canRender, voiceName = (id) => id }: Props) {
  const [jobs, setJobs] = useState<RenderJob[]>([]);
  const [renditions, setRenditions] = useState<Rendition[]>([]);
  const [loading, setLoading] = useState(true);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const params = { params: { path: { revisionId } } };
    const [j, r] = await Promise.all([unwrap(api.GET('/api/revisions/{revisionId}/renders', params)), unwrap(api.GET('/api/revisions/{revisionId}/renditions', params))]);
    setJobs(j);
    setRenditions(r);
  }, [revisionId]);

  useEffect(() => {
    setLoading(true);
    setError(null);
    load()
      .catch((e) => setError(errorMessage(e)))
      .finally(() => setLoading(false));
  }, [load]);

  const running = jobs.some((j) => j.status === 'queued' || j.status === 'running');
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => void load().catch((e) => setError(errorMessage(e))), POLL_MS);
    return () => clearTimeout(timer);
  }, [running, jobs, load]);

  async function start(profiles?: string[]) {
    setStarting(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/contents/{id}/render', { params: { path: { id: contentId } }, body: { ...(profiles ? { profiles } : {}), force: false } }));
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  }

  const latestJob = useMemo(() => newestBy(jobs), [jobs]);
  const done = useMemo(() => newestBy(renditions, (r) => r.status === 'done'), [renditions]);
  const profiles = [...new Set([...latestJob.keys(), ...done.keys()])].sort((a, b) => (a === 'speaker' ? -1 : b === 'speaker' ? 1 : a.localeCompare(b)));

  return (
    <section aria-label="试听与预览">
      {canRender && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Button type="primary" icon={<PlayCircleOutlined />} loading={starting} disabled={running} onClick={() => void start(['speaker'])}>
            生成试听（喇叭版）
          </Button>
          <Button icon={<VideoCameraOutlined />} loading={starting} disabled={running} onClick={() => void start()}>
            生成全部规格预览（含屏幕视频）
          </Button>
          {running && <Typography.Text type="secondary">正在渲染，完成后自动显示播放器…</Typography.Text>}
        </Space>
      )}
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      {loading ? (
        <Spin tip="加载中…"><div style={{ height: 80 }} /></Spin>
      ) : profiles.length === 0 ? (
        <Empty description={canRender ? '尚未生成预览：点击“生成试听”听一听播出效果' : '此版本尚无预览（编辑生成试听后可在此收听）'} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {profiles.map((profile) => (
            <ProfilePreview key={profile} profile={profile} job={latestJob.get(profile)} rendition={done.get(profile)} voiceName={voiceName} />
          ))}
        </Space>
      )}
    </section>
  );
}

function ProfilePreview({ profile, job, rendition, voiceName }: { profile: string; job?: RenderJob; rendition?: Rendition; voiceName(id: string): string }) {
  const busy = job && (job.status === 'queued' || job.status === 'running');
  // A finished job's rendition is the one to play; an older one may still be shown while a new render runs.
  const url = rendition ? mediaUrl(rendition) : null;
  const label = profileLabel(profile);
  return (
    <Card size="small" title={label} extra={busy ? <Tag color="processing">{job.status === 'queued' ? '排队中' : '渲染中'}</Tag> : job?.status === 'failed' ? <Tag color="error">渲染失败</Tag> : url ? <Tag color="success">已完成</Tag> : null}>
      {busy && <Progress percent={job.progress} status="active" aria-label={`${label}渲染进度`} />}
      {job?.status === 'failed' && <Alert type="error" showIcon title={job.error ?? '渲染失败'} description={job.retryable ? '稍后将自动重试' : undefined} />}
      {url && rendition && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {profile === 'speaker' || rendition.mime?.startsWith('audio/') ? (
            <audio controls preload="metadata" src={url} aria-label={`${label}试听`} style={{ width: '100%', maxWidth: 560 }} />
          ) : (
            <video controls preload="metadata" src={url} aria-label={`${label}预览`} style={{ width: '100%', maxWidth: 640, background: '#000' }} />
          )}
          <Space wrap>
            <Typography.Text data-testid={`duration-${profile}`}>时长 {formatDuration(rendition.durationMs)}</Typography.Text>
            {rendition.voiceUsed && <Typography.Text type="secondary">朗读语音：{rendition.voiceUsed.split(/\s*[,+、]\s*/).map(voiceName).join('、')}</Typography.Text>}
            {rendition.fallback && <Tag color="warning">在线语音不可用，已由离线语音代读</Tag>}
          </Space>
        </Space>
      )}
    </Card>
  );
}
