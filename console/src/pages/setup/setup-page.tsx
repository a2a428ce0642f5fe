import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Result, Spin, Steps, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { passwordProblem } from '../password/password-rules';
import { RegionImport } from '../regions/region-import';

interface SetupValues {
  adminUsername: string;
  adminDisplayName?: string;
  adminPassword: string;
  confirm: string;
  countyCode: string;
  countyName: string;
}

/**
 * 首次设置: only while the server has no user. Creates the first administrator and the county, signs in as that
 * administrator and offers the region CSV import (checked first), which can also be done later under 区划.
 */
export default function SetupPage() {
  const navigate = useNavigate();
  const { login } = useAuth();
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [step, setStep] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [county, setCounty] = useState<{ code: string; name: string } | null>(null);
  const [imported, setImported] = useState(0);

  useEffect(() => {
    unwrap(api.GET('/api/setup'))
      .then((s) => setNeeded(s.needed))
      .catch((err) => setError(errorMessage(err)));
  }, []);

  async function submit(v: SetupValues) {
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(
        api.POST('/api/setup', {
          body: { adminUsername: v.adminUsername.trim(), adminPassword: v.adminPassword, adminDisplayName: v.adminDisplayName?.trim() || undefined, countyCode: v.countyCode.trim(), countyName: v.countyName.trim() },
        }),
      );
      setCounty(r.county);
      // The region import needs an administrator's session: the one just created.
      await login(v.adminUsername.trim(), v.adminPassword);
      setStep(1);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (needed === null && !error) return <Spin style={{ display: 'block', marginTop: 120 }} />;

  return (
    <div style={{ minHeight: '100vh', background: '#f0f2f5', display: 'flex', justifyContent: 'center', padding: '32px 16px' }}>
      <Card style={{ width: 760, maxWidth: '100%', alignSelf: 'flex-start' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>阳光播控 · 首次设置</Typography.Title>
        {needed === false && step === 0 ? (
          <Result status="info" title="系统已完成首次设置" subTitle="已有用户账号，请直接登录。" extra={<Button type="primary" onClick={() => navigate('/login', { replace: true })}>前往登录</Button>} />
        ) : (
          <>
            <Steps current={step} style={{ marginBottom: 24 }} items={[{ title: '管理员与本县（区）' }, { title: '导入行政区划' }, { title: '完成' }]} />
            {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
            {step === 0 && (
              <Form<SetupValues> layout="vertical" onFinish={submit} requiredMark={false}>
                <Typography.Title level={5}>首个管理员</Typography.Title>
                <Form.Item label="管理员用户名" name="adminUsername" rules={[{ required: true, message: '请输入用户名' }, { pattern: /^[\p{L}\p{N}._-]{2,64}$/u, message: '2–64 个字母、数字、汉字或 . _ -' }]}>
                  <Input autoComplete="username" autoFocus />
                </Form.Item>
                <Form.Item label="显示名" name="adminDisplayName" extra="留空则为“系统管理员”">
                  <Input maxLength={64} />
                </Form.Item>
                <Form.Item
                  label="管理员密码"
                  name="adminPassword"
                  dependencies={['adminUsername']}
                  extra="至少 10 个字符，不能包含用户名"
                  rules={[
                    { required: true, message: '请输入密码' },
                    ({ getFieldValue }) => ({ validator: async (_, v: string) => { const p = v ? passwordProblem(v, getFieldValue('adminUsername')) : null; if (p) throw new Error(p); } }),
                  ]}
                >
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
                <Form.Item
                  label="再次输入密码"
                  name="confirm"
                  dependencies={['adminPassword']}
                  rules={[
                    { required: true, message: '请再次输入密码' },
                    ({ getFieldValue }) => ({ validator: async (_, v: string) => { if (v && v !== getFieldValue('adminPassword')) throw new Error('两次输入的密码不一致'); } }),
                  ]}
                >
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
                <Typography.Title level={5}>本县（区）</Typography.Title>
                <Form.Item label="区划代码" name="countyCode" extra="6 位行政区划代码或 12 位统计用区划代码，如 510811" rules={[{ required: true, message: '请输入区划代码' }, { pattern: /^(\d{6}|\d{12})$/, message: '应为 6 位或 12 位数字' }]}>
                  <Input inputMode="numeric" />
                </Form.Item>
                <Form.Item label="名称" name="countyName" rules={[{ required: true, message: '请输入名称' }]}>
                  <Input maxLength={64} placeholder="如 栖凤区" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy}>创建管理员和本县（区）</Button>
              </Form>
            )}
            {step === 1 && (
              <>
                <Alert type="success" showIcon style={{ marginBottom: 16 }} title={`已创建管理员和 ${county?.name ?? ''}（${county?.code ?? ''}）。现在可以导入下属乡镇和村（也可以稍后在“区划”页面导入）。`} />
                <RegionImport onImported={(created) => setImported(created)} />
                <div style={{ marginTop: 16 }}>
                  <Button type="primary" onClick={() => setStep(2)}>{imported > 0 ? '下一步' : '跳过，稍后导入'}</Button>
                </div>
              </>
            )}
            {step === 2 && (
              <Result
                status="success"
                title="首次设置完成"
                subTitle={`${county?.name ?? ''}已就绪${imported > 0 ? `，已导入 ${imported} 个区划` : ''}。接下来可以在“用户”页面为各乡镇创建账号，在“批量登记”页面登记终端。`}
                extra={<Button type="primary" onClick={() => navigate('/', { replace: true })}>进入控制台</Button>}
              />
            )}
          </>
        )}
      </Card>
    </div>
  );
}
