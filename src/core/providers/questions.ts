/** Answer checks shared by the providers' New Profile questions. */

export const hostname = (value: string) =>
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i.test(value) ? undefined : 'Enter a host name only, like example.com (no https://, no path).';

export const pathSegment = (value: string) => (/^[\w.~-]+$/.test(value) ? undefined : 'Enter a single path segment (letters, digits, - _ . ~).');

export const httpsUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname)) ? undefined : 'Enter an https:// URL.';
  } catch {
    return 'Enter a full URL, like https://idp.example.com/oauth2/token.';
  }
};

export const nonEmpty = (what: string) => (value: string) => (value.trim() ? undefined : `${what} is required.`);

export const trimEnd = (url: string) => url.replace(/\/+$/, '');
