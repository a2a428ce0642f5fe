import { Typography } from 'antd';

/** Placeholder until this page is built (issue #8). */
export default function ContentsPage() {
  return <Typography.Title level={3}>内容</Typography.Title>;
}
