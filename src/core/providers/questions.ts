/** Answer checks shared by the providers' New Profile questions (their messages marked for translation). */
import { localizable, type Localizable } from '../../shared/l10n';

export const hostname = (value: string) =>
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i.test(value) ? undefined : localizable('Enter a host name only, like example.com (no https://, no path).');

export const pathSegment = (value: string) => (/^[\w.~-]+$/.test(value) ? undefined : localizable('Enter a single path segment (letters, digits, - _ . ~).'));

export const httpsUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname)) ? undefined : localizable('Enter an https:// URL.');
  } catch {
    return localizable('Enter a full URL, like https://idp.example.com/oauth2/token.');
  }
};

/** `message`, marked with localizable('The client ID is required.'), when the answer is empty. */
export const nonEmpty = (message: Localizable) => (value: string) => (value.trim() ? undefined : message);

export const trimEnd = (url: string) => url.replace(/\/+$/, '');
