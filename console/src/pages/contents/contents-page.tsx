import { Card, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, Route, Routes, useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { allowed } from '../../auth/roles';
import { Result } from 'antd';
import { SpeechReading } from '../../common/speech-reading';
import { ContentDetail } from './content-detail';
import { ContentForm } from './content-form';
import { ContentList } from './content-list';

function NewContent() {
  const navigate = useNavigate();
  const { user } = useAuth();
  if (!allowed(user?.roles ?? [], ['editor'])) return <Result status="403" title="无权访问" subTitle="只有编辑可以撰写内容。" />;
  return (
    <Card
      title={
        <Typography.Title level={3} style={{ margin: 0 }}>
          <Link to="/contents" aria-label="返回内容列表" style={{ marginRight: 8 }}><ArrowLeftOutlined /></Link>
          撰写内容
        </Typography.Title>
      }
    >
      <ContentForm onSaved={(c) => navigate(`/contents/${c.id}?tab=preview`, { replace: true })} aside={(text, rate) => <SpeechReading text={text} rate={rate} />} />
    </Card>
  );
}

/** 内容: the list, a new content, and one content's editor, preview and history. */
export default function ContentsPage() {
  return (
    <Routes>
      <Route index element={<ContentList />} />
      <Route path="new" element={<NewContent />} />
      <Route path=":id" element={<ContentDetail />} />
    </Routes>
  );
}
