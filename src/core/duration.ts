import { type Message, msg } from './errors';

/** Durations as people read them: a token's remaining lifetime, a lifetime setting. */

/** "59s", "4:05", "1:02:03" (negative counts as 0): what the status bar and the Get Access Token notification show. */
export function formatRemaining(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** "1 day", "2 hours", "5 minutes", "90 seconds": a lifetime as people read it (marked for translation). */
export function describeSeconds(seconds: number): Message {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? msg('1 day') : msg('{0} days', seconds / 86_400);
  if (seconds % 3600 === 0) return seconds === 3600 ? msg('1 hour') : msg('{0} hours', seconds / 3600);
  if (seconds % 60 === 0) return seconds === 60 ? msg('1 minute') : msg('{0} minutes', seconds / 60);
  return msg('{0} seconds', seconds);
}
