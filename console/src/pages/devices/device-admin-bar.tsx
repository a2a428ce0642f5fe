import { Button, Space } from 'antd';
import { SettingOutlined, UploadOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router-dom';

/**
 * The entry points of device administration above the 终端 pages: bulk registration above the list, and the
 * management page (edit, disable/enable, rotate token, delete) above one device's detail.
 */
export function DeviceAdminBar() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const id = /^\/devices\/([^/]+)\/?$/.exec(pathname)?.[1];
  const list = /^\/devices\/?$/.test(pathname);
  if (!id && !list) return null;
  return (
    <Space style={{ width: '100%', justifyContent: 'flex-end', marginBottom: 8 }}>
      {list && (
        <Button icon={<UploadOutlined />} onClick={() => navigate('/devices/bulk')}>批量登记</Button>
      )}
      {id && (
        <Button icon={<SettingOutlined />} onClick={() => navigate(`/devices/${id}/manage`)}>管理此终端（编辑、停用、更换令牌、删除）</Button>
      )}
    </Space>
  );
}
