/**
 * The decode view: paste any JWT, read its header and payload with human-readable times and
 * status badges, and verify its signature (the extension asks for the key file and verifies).
 */
import type { DecodeResult, JsonObject } from '../../src/shared/protocol';
import { button, el, setChildren } from './dom';
import { RequestFailed, type Host } from './host';
import { describeJwtTime } from '../../src/shared/jwtTime';
import { l10n } from './l10n';
import { tokenBadges } from './tokenStatus';

const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const;

export class DecodeView {
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly error: HTMLElement;
  private readonly output: HTMLElement;
  private readonly verifyResult: HTMLElement;
  private readonly verifyProfile: HTMLButtonElement;
  private decoded: (DecodeResult & { token: string }) | undefined;
  private verified = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(private readonly host: Host) {
    this.input = el('textarea', { id: 'decode-input', className: 'token-input', attrs: { spellcheck: 'false', rows: '5', autocomplete: 'off', placeholder: 'eyJhbGciOi…', 'aria-describedby': 'decode-error' } });
    this.input.addEventListener('input', () => this.schedule());
    this.error = el('div', { id: 'decode-error', className: 'error-text', attrs: { role: 'alert' } });
    this.output = el('div', { id: 'decoded', attrs: { 'aria-live': 'polite' } });
    this.verifyResult = el('p', { id: 'verify-result', attrs: { role: 'status' } });
    this.verifyProfile = button(l10n.t('Verify with the profile\'s key'), () => void this.verify('profileKey'), { id: 'verify-profile', className: 'secondary' });
    this.element = el('section', { id: 'view-decode', attrs: { role: 'tabpanel', 'aria-labelledby': 'tab-decode' } },
      el('label', { text: l10n.t('Paste a JWT to decode it'), attrs: { for: 'decode-input' } }),
      this.input,
      this.error,
      this.output,
      el('div', { className: 'actions' },
        button(l10n.t('Verify with a certificate, public key or JWKS…'), () => void this.verify('file'), { id: 'verify-file' }),
        this.verifyProfile),
      this.verifyResult);
    this.render();
  }

  /** Shows a token (from "Decode JWT", or a token just signed). */
  show(token: string): void {
    this.input.value = token;
    void this.decode();
  }

  setProfileKeyAvailable(available: boolean): void {
    this.verifyProfile.hidden = !available;
  }

  focus(): void {
    this.input.focus();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.decode(), 120);
  }

  private async decode(): Promise<void> {
    const token = this.input.value.trim();
    const generation = ++this.generation;
    this.verified = false;
    setChildren(this.verifyResult);
    if (token === '') {
      this.decoded = undefined;
      setChildren(this.error);
      this.render();
      return;
    }
    try {
      const result = await this.host.request({ type: 'decode', token });
      if (generation !== this.generation) return;
      this.decoded = { ...result, token };
      setChildren(this.error);
    } catch (error) {
      if (generation !== this.generation) return;
      this.decoded = undefined;
      this.error.textContent = describe(error);
    }
    this.render();
  }

  private async verify(using: 'file' | 'profileKey'): Promise<void> {
    const decoded = this.decoded;
    if (!decoded) {
      this.verifyResult.className = 'error-text';
      this.verifyResult.textContent = l10n.t('Paste a token first.');
      return;
    }
    const generation = this.generation;
    this.verifyResult.className = '';
    this.verifyResult.textContent = l10n.t('Verifying…');
    try {
      const result = await this.host.request({ type: 'verify', token: decoded.token, using });
      if (generation !== this.generation) return;
      if (result.outcome === 'cancelled') {
        this.verifyResult.textContent = l10n.t('No key was chosen; the token is still unverified.');
        return;
      }
      this.verified = true;
      this.verifyResult.className = 'ok-text';
      this.verifyResult.textContent = l10n.t('Signature valid: verified with {0}. The times are within their limits.', result.source);
    } catch (error) {
      if (generation !== this.generation) return;
      this.verified = false;
      this.verifyResult.className = 'error-text';
      this.verifyResult.textContent = l10n.t('Not verified: {0}', describe(error));
    }
    this.render();
  }

  private render(): void {
    if (!this.decoded) {
      setChildren(this.output);
      return;
    }
    const { header, payload, signature } = this.decoded;
    const now = Date.now();
    const badges = tokenBadges(header, payload, now, this.verified);
    setChildren(this.output,
      el('ul', { id: 'badges', className: 'badges', attrs: { 'aria-label': l10n.t('Token status') } },
        ...badges.map((b) => el('li', { className: `badge ${b.tone}`, text: b.text, attrs: { 'data-badge': b.id } }))),
      el('h3', { text: l10n.t('Header') }),
      el('pre', { id: 'decoded-header', className: 'json part-header-text', text: JSON.stringify(header, null, 2) }),
      el('h3', { text: l10n.t('Payload') }),
      el('pre', { id: 'decoded-payload', className: 'json part-payload-text', text: JSON.stringify(payload, null, 2) }),
      timesList(payload, now),
      el('p', { className: 'note', text: signature ? l10n.t('Signature: {0} base64url characters.', signature.length) : l10n.t('No signature part.') }));
  }
}

function timesList(payload: JsonObject, now: number): HTMLElement | undefined {
  const present = TIME_CLAIMS.filter((name) => payload[name] !== undefined);
  if (!present.length) return undefined;
  return el('dl', { id: 'decoded-times', className: 'times' },
    ...present.flatMap((name) => [el('dt', { text: name }), el('dd', { text: describeJwtTime(payload[name], now, l10n) })]));
}

export function describe(error: unknown): string {
  if (error instanceof RequestFailed) return error.error.hint ? `${error.error.message} ${error.error.hint}` : error.error.message;
  return l10n.t('Something went wrong; the log has the details.');
}
