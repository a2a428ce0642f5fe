import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { api, errorMessage, unwrap } from '../api/client';

/** Only same-site paths are followed after login, so a crafted link cannot send the user elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // A fresh installation has no user at all: the first-run wizard creates the administrator.
  useEffect(() => {
    let alive = true;
    unwrap(api.GET('/api/setup'))
      .then((s) => {
        if (alive && s.needed) navigate('/setup', { replace: true });
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [navigate]);

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const { mustChangePassword } = await login(values.username.trim(), values.password);
      const next = safeNext(params.get('next'));
      navigate(mustChangePassword ? `/password?next=${encodeURIComponent(next)}` : next, { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 360 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>阳光播控</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>基层政务公开播控平台 · 控制台</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
