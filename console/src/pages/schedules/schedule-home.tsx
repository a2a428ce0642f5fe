import { Button, Space, Tabs, Typography } from 'antd';
import { FieldTimeOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ScheduleCalendar } from './schedule-calendar';
import { ScheduleList } from './schedule-list';

export function ScheduleHome() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'list' ? 'list' : 'calendar';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          排期
        </Typography.Title>
        <Space wrap>
          <Button icon={<FieldTimeOutlined />} onClick={() => navigate('/schedules/timeline')}>
            终端播出时间线
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/schedules/new')}>
            新建排期
          </Button>
        </Space>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'list' ? { tab: 'list' } : {}, { replace: true })}
        items={[
          { key: 'calendar', label: '日历', children: <ScheduleCalendar /> },
          { key: 'list', label: '排期列表', children: <ScheduleList /> },
        ]}
      />
    </Space>
  );
}
