/**
 * Text for a notification, which VS Code renders with links: `[label](command:…)` or
 * `[label](https://…)` would become a clickable link. Profile names come from settings that may be
 * checked in, and error descriptions from servers, so no such syntax may survive: a space between
 * `]` and `(` keeps the words and drops the link.
 */
export function notificationText(text: string): string {
  return text.replace(/\]\(/g, '] (');
}
