import { Typography } from 'antd';

/** Placeholder until this page is built (issue #8). */
export default function PlaylogsPage() {
  return <Typography.Title level={3}>播放记录</Typography.Title>;
}
