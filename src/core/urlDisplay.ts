/**
 * URLs as they may be shown (quick picks, the claim editor's profile summary): never the query
 * string, user info or fragment, which can carry secrets; "(invalid URL)" for what does not parse.
 */

const INVALID = '(invalid URL)';

/** The origin alone, e.g. https://idp.example.com. */
export function displayOrigin(url: string): string {
  return parsed(url)?.origin ?? INVALID;
}

/** Origin and path, e.g. https://idp.example.com/oauth2/token. */
export function displayOriginAndPath(url: string): string {
  const u = parsed(url);
  return u ? `${u.origin}${u.pathname}` : INVALID;
}

function parsed(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
