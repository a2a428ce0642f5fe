/** Chinese names of the audited actions (the server's stable action keys). */
export const AUDIT_ACTION_NAMES: Record<string, string> = {
  'login.success': '登录成功',
  'login.failure': '登录失败',
  'login.locked': '登录锁定',
  'password.change': '修改密码',
  'setup.completed': '首次设置',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.roles': '修改角色',
  'user.scope': '修改管辖范围',
  'user.disable': '停用用户',
  'user.enable': '启用用户',
  'user.reset-password': '重置密码',
  'user.unlock': '解除锁定',
  'device.register': '登记终端',
  'device.update': '修改终端',
  'device.disable': '停用终端',
  'device.enable': '启用终端',
  'device.rotate-token': '更换终端令牌',
  'device.delete': '删除终端',
  'device.bulk-register': '批量登记终端',
  'device.command': '终端指令',
};

export const TARGET_TYPE_NAMES: Record<string, string> = { user: '用户', device: '终端', region: '区划' };
