import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Every time in the console is shown in the county's zone, whatever the browser's zone is. */
export const TIME_ZONE = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm');
}

export function formatDateTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm:ss');
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).tz(TIME_ZONE).format('HH:mm');
}

/** Today's local date in the county's zone, as YYYY-MM-DD. */
export function todayLocal(): string {
  return dayjs().tz(TIME_ZONE).format('YYYY-MM-DD');
}

export { dayjs };
