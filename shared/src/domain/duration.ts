/**
 * How long until (or since) a deadline, in plain Chinese for both apps: 剩余 2 天 23 小时, 剩余 58 分钟,
 * 已超时 3 小时 5 分钟. Two units at most, largest first; under a minute reads 剩余不到 1 分钟 / 刚刚超时.
 */

/** A span in words, without the 剩余 / 已超时 prefix: 2 天 23 小时, 5 小时 2 分钟, 58 分钟, 不到 1 分钟. */
export function durationText(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return '不到 1 分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} 天 ${hours} 小时` : `${days} 天`;
  if (hours > 0) return mins > 0 ? `${hours} 小时 ${mins} 分钟` : `${hours} 小时`;
  return `${mins} 分钟`;
}

/** Time left before a deadline `msLeft` away (negative once passed): 剩余 2 天 23 小时, or 已超时 15 分钟. */
export function timeLeftText(msLeft: number): string {
  if (Math.abs(msLeft) < 60_000) return msLeft < 0 ? '刚刚超时' : '剩余不到 1 分钟';
  return msLeft < 0 ? `已超时 ${durationText(msLeft)}` : `剩余 ${durationText(msLeft)}`;
}
