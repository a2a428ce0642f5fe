import { Typography } from 'antd';

/** Placeholder until this page is built (issue #8). */
export default function ReviewPage() {
  return <Typography.Title level={3}>审核</Typography.Title>;
}
