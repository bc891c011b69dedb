/**
 * Text from settings (a profile name, a server's message) shown where VS Code renders `$(name)` as
 * an icon: a name such as "$(pass) 59:58" would fake a valid token in the status bar.
 */

/** Escapes every `$(` as `\$(`, which VS Code shows as the text `$(` (no icon is rendered). */
export function escapeCodicons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
