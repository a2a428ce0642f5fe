/** The four levels of GB/T 35965 / 国家突发事件预警: colour and name as the public knows them. */
export const ALERT_LEVELS = [
  { level: 1, name: '特别重大', colour: '红色', tag: 'red', hex: '#cf1322' },
  { level: 2, name: '重大', colour: '橙色', tag: 'orange', hex: '#d46b08' },
  { level: 3, name: '较大', colour: '黄色', tag: 'gold', hex: '#d4b106' },
  { level: 4, name: '一般', colour: '蓝色', tag: 'blue', hex: '#096dd9' },
] as const;

export function levelInfo(level: number) {
  return ALERT_LEVELS.find((l) => l.level === level) ?? ALERT_LEVELS[3];
}

export const STATUS_NAMES: Record<string, string> = {
  'pending-confirmation': '待确认',
  active: '播发中',
  cancelled: '已撤销',
  expired: '已过期',
  exercise: '演练（不播出）',
};

/** Device answer states, in the order of the return channel (应急广播回传). */
export const DELIVERY_STATES = ['waiting', 'received', 'playing', 'success', 'failed', 'cancelled'] as const;
export const DELIVERY_NAMES: Record<string, string> = {
  waiting: '未应答',
  received: '已接收',
  playing: '播放中',
  success: '播放成功',
  failed: '播放失败',
  cancelled: '已取消',
};
