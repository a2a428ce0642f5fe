import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography, App as AntApp } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { safeNext } from '../login-page';
import { passwordProblem } from './password-rules';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码: forced after a login with a one-time password, and reachable from the header at any time. */
export default function PasswordPage() {
  const { user, mustChangePassword, changePassword } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      await changePassword(v.oldPassword, v.newPassword);
      message.success('密码已修改，其他设备上的登录已失效');
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card style={{ maxWidth: 480 }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>修改密码</Typography.Title>
      {mustChangePassword && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="您正在使用管理员设置的一次性密码，请先设置自己的新密码，之后才能使用其他功能。" />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Values> layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label={mustChangePassword ? '一次性密码' : '原密码'} name="oldPassword" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          extra="至少 10 个字符，不能包含用户名"
          rules={[
            { required: true, message: '请输入新密码' },
            { validator: async (_, v: string) => { const p = v ? passwordProblem(v, user?.username) : null; if (p) throw new Error(p); } },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="再次输入新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({ validator: async (_, v: string) => { if (v && v !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致'); } }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>保存新密码</Button>
      </Form>
    </Card>
  );
}
