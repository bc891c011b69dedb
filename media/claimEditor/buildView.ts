/**
 * The build view: presets, header and claims (form + JSON), the times made at signing, the
 * provider checks as you type, the live encoded preview, and sign / exchange. Signing and
 * exchanging happen in the extension; this page only ever sees the results.
 */
import { MAX_PRESET_LIFETIME_SECONDS } from '../../src/core/limits';
import { assertionPreview } from '../../src/shared/assertionPreview';
import type { EditorContext, EditorTemplate, ExchangeResult, FindingView, KeyAction, PresetTemplate } from '../../src/shared/protocol';
import { describe } from './decodeView';
import { button, el, setChildren } from './dom';
import { encodeParts } from './encoding';
import type { Host } from './host';
import { JsonSection } from './jsonSection';
import { l10n } from './l10n';
import { describeJwtTime, relativeTime } from '../../src/shared/jwtTime';


export interface BuildViewEvents {
  /** The template or a setting changed (to save state). */
  changed(): void;
  /** Show a token in the decode view. */
  decode(token: string): void;
}

export class BuildView {
  readonly element: HTMLElement;
  readonly header: JsonSection;
  readonly claims: JsonSection;
  private context: EditorContext = { trusted: true };
  private presets: PresetTemplate[] = [];
  private readonly presetSelect: HTMLSelectElement;
  private readonly lifetime: HTMLInputElement;
  private readonly lifetimeError: HTMLElement;
  private iatBackdateSeconds: number | undefined;
  private readonly jti: HTMLInputElement;
  private readonly times: HTMLElement;
  private readonly findings: HTMLElement;
  private readonly preview: { header: HTMLElement; payload: HTMLElement; signature: HTMLElement; note: HTMLElement };
  private readonly status: HTMLElement;
  private readonly signButton: HTMLButtonElement;
  private readonly copySigned: HTMLButtonElement;
  private readonly decodeSigned: HTMLButtonElement;
  private readonly exchangeButton: HTMLButtonElement;
  private readonly exchangeSection: HTMLElement;
  private readonly exchangeOutput: HTMLElement;
  /** The token signed for the current template; dropped on the next edit. Never saved. */
  private signed: string | undefined;
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  private checkGeneration = 0;

  constructor(private readonly host: Host, private readonly events: BuildViewEvents) {
    const onChange = () => this.templateChanged();
    this.header = new JsonSection({ id: 'header', title: l10n.t('Header'), noun: l10n.t('member'), onChange });
    this.claims = new JsonSection({ id: 'claims', title: l10n.t('Claims'), noun: l10n.t('claim'), onChange });

    this.presetSelect = el('select', { id: 'preset' });
    this.lifetime = el('input', { id: 'lifetime', attrs: { type: 'number', min: '1', max: String(MAX_PRESET_LIFETIME_SECONDS), step: '1', inputmode: 'numeric', 'aria-describedby': 'lifetime-error' } });
    this.lifetime.addEventListener('input', onChange);
    this.lifetimeError = el('span', { id: 'lifetime-error', className: 'error-text', attrs: { role: 'alert' } });
    this.jti = el('input', { id: 'jti', attrs: { type: 'checkbox' } });
    this.jti.addEventListener('change', onChange);
    this.times = el('dl', { id: 'times', className: 'times' });
    this.findings = el('ul', { id: 'findings', className: 'findings', attrs: { 'aria-live': 'polite', 'aria-labelledby': 'checks-title' } });
    this.preview = {
      header: el('span', { id: 'preview-header', className: 'part-header' }),
      payload: el('span', { id: 'preview-payload', className: 'part-payload' }),
      signature: el('span', { id: 'preview-signature', className: 'part-signature' }),
      note: el('p', { id: 'preview-note', className: 'note' }),
    };
    this.status = el('p', { id: 'status', attrs: { role: 'status' } });
    this.signButton = button(l10n.t('Sign'), () => void this.sign(), { id: 'sign' });
    this.copySigned = button(l10n.t('Copy signed JWT'), () => void this.copy('signedToken'), { id: 'copy-signed', className: 'secondary' });
    this.decodeSigned = button(l10n.t('Decode and verify it'), () => this.signed && this.events.decode(this.signed), { id: 'decode-signed', className: 'secondary' });
    this.exchangeButton = button(l10n.t('Exchange for an access token'), () => void this.exchange(), { id: 'exchange' });
    this.exchangeOutput = el('div', { id: 'exchange-output' });
    this.exchangeSection = el('section', { id: 'exchange-section', attrs: { 'aria-labelledby': 'exchange-title' } },
      el('h2', { id: 'exchange-title', text: l10n.t('Token response') }), this.exchangeOutput);
    this.exchangeSection.hidden = true;

    this.element = el('section', { id: 'view-build', attrs: { role: 'tabpanel', 'aria-labelledby': 'tab-build' } },
      el('div', { className: 'toolbar' },
        el('label', { text: l10n.t('Preset'), attrs: { for: 'preset' } }),
        this.presetSelect,
        button(l10n.t('Apply preset'), () => this.applyPreset(), { id: 'apply-preset', className: 'secondary' })),
      el('div', { className: 'toolbar', attrs: { role: 'group', 'aria-label': l10n.t('Key') } },
        button(l10n.t('Rotate key'), () => void this.keyAction('rotate', l10n.t('Next key ready, not active.')), { id: 'key-rotate', className: 'secondary' }),
        button(l10n.t('Activate next key'), () => void this.keyAction('activate', l10n.t('The next key signs from now on.')), { id: 'key-activate', className: 'secondary' }),
        button(l10n.t('Retire previous key'), () => void this.keyAction('retire', l10n.t('The previous key is retired.')), { id: 'key-retire', className: 'secondary' }),
        button(l10n.t('Certificate details'), () => void this.keyAction('details'), { id: 'key-details', className: 'secondary' })),
      this.header.element,
      this.claims.element,
      el('section', { attrs: { 'aria-labelledby': 'times-title' } },
        el('h2', { id: 'times-title', text: l10n.t('Made at signing') }),
        el('div', { className: 'toolbar' },
          el('label', { text: l10n.t('Lifetime in seconds (exp − iat)'), attrs: { for: 'lifetime' } }), this.lifetime, this.lifetimeError,
          el('label', { className: 'checkbox' }, this.jti, ` ${l10n.t('Add a fresh jti to each JWT')}`)),
        this.times),
      el('section', { attrs: { 'aria-labelledby': 'checks-title' } },
        el('h2', { id: 'checks-title', text: l10n.t('Checks') }), this.findings),
      el('section', { attrs: { 'aria-labelledby': 'preview-title' } },
        el('h2', { id: 'preview-title', text: l10n.t('Encoded token') }),
        el('pre', { id: 'preview', className: 'token', attrs: { 'aria-label': l10n.t('Encoded token: header, payload and signature') } },
          this.preview.header, el('span', { className: 'dot', text: '.' }), this.preview.payload, el('span', { className: 'dot', text: '.' }), this.preview.signature),
        this.preview.note,
        el('div', { className: 'actions' }, this.signButton, this.copySigned, this.decodeSigned, this.exchangeButton),
        this.status),
      this.exchangeSection);
  }

  setContext(context: EditorContext): void {
    this.context = context;
    this.exchangeButton.disabled = !context.profile || !context.trusted;
    this.exchangeButton.title = !context.profile ? l10n.t('Open the editor from a profile to exchange') : !context.trusted ? l10n.t('Exchanges are disabled in Restricted Mode') : '';
    this.signButton.title = context.key ? '' : l10n.t('No private key is stored for this profile');
    this.templateChanged();
  }

  setPresets(presets: PresetTemplate[]): void {
    this.presets = presets;
    setChildren(this.presetSelect, ...presets.map((p) => el('option', { text: p.label, attrs: { value: p.id, title: p.detail } })));
    const own = this.context.profile && presets.find((p) => p.id === this.context.profile!.presetId);
    if (own) this.presetSelect.value = own.id;
  }

  setTemplate(template: EditorTemplate): void {
    // The flow's backdating of iat (github-app: 60 s) has no field of its own: kept from the template.
    this.iatBackdateSeconds = template.iatBackdateSeconds;
    this.header.setValue(template.header);
    this.claims.setValue(template.claims);
    this.lifetime.value = String(template.lifetimeSeconds);
    this.jti.checked = template.jti;
    this.templateChanged();
  }

  /** Restores texts as typed, valid or not. */
  restore(headerText: string, claimsText: string, lifetimeSeconds: number, jti: boolean): void {
    this.header.setText(headerText);
    this.claims.setText(claimsText);
    this.lifetime.value = String(lifetimeSeconds);
    this.jti.checked = jti;
    this.templateChanged();
  }

  lifetimeSeconds(): number | undefined {
    const n = Number(this.lifetime.value);
    return Number.isSafeInteger(n) && n > 0 && n <= MAX_PRESET_LIFETIME_SECONDS ? n : undefined;
  }

  jtiEnabled(): boolean {
    return this.jti.checked;
  }

  /** The template when everything is valid, else undefined. */
  template(): EditorTemplate | undefined {
    const header = this.header.value();
    const claims = this.claims.value();
    const lifetimeSeconds = this.lifetimeSeconds();
    if (!header || !claims || lifetimeSeconds === undefined) return undefined;
    return { header, claims, lifetimeSeconds, jti: this.jti.checked, ...(this.iatBackdateSeconds ? { iatBackdateSeconds: this.iatBackdateSeconds } : {}) };
  }

  /** Refreshes what depends on the clock (relative times and the preview's iat/exp). */
  tick(): void {
    this.renderTimesAndPreview(this.template());
  }

  private applyPreset(): void {
    const preset = this.presets.find((p) => p.id === this.presetSelect.value);
    if (!preset) return;
    this.setTemplate(preset.template);
    this.say(l10n.t('Applied the {0} preset.', preset.label));
  }

  private templateChanged(): void {
    this.signed = undefined;
    this.lifetimeError.textContent = this.lifetimeSeconds() === undefined ? l10n.t('Enter whole seconds from 1 to {0}.', MAX_PRESET_LIFETIME_SECONDS) : '';
    this.lifetime.setAttribute('aria-invalid', String(this.lifetimeSeconds() === undefined));
    const template = this.template();
    this.renderTimesAndPreview(template);
    this.signButton.disabled = template === undefined;
    this.scheduleCheck(template);
    this.events.changed();
  }

  private renderTimesAndPreview(template: EditorTemplate | undefined): void {
    this.copySigned.disabled = this.decodeSigned.disabled = this.signed === undefined;
    if (this.signed) return; // the signed token stays on show until the next edit
    if (!template) {
      this.preview.note.textContent = l10n.t('Fix the errors above to see the encoded token.');
      return;
    }
    const now = Date.now();
    const { header, payload } = assertionPreview(template, now, this.context.key?.algorithms[0]);
    const parts = encodeParts(header, payload);
    this.preview.header.textContent = parts.header;
    this.preview.payload.textContent = parts.payload;
    this.preview.signature.textContent = l10n.t('‹signature: press Sign›');
    this.preview.note.textContent = template.jti ? l10n.t('Preview with iat = now and a placeholder jti; each signing makes its own.') : l10n.t('Preview with iat = now; each signing makes its own.');
    setChildren(this.times,
      el('dt', { text: 'iat' }), el('dd', { text: template.claims.iat === undefined ? `${l10n.t('now')} — ${describeJwtTime(payload.iat, now, l10n)}` : describeJwtTime(payload.iat, now, l10n) }),
      el('dt', { text: 'exp' }), el('dd', { text: template.claims.exp === undefined ? `iat + ${template.lifetimeSeconds} s — ${describeJwtTime(payload.exp, now, l10n)}` : describeJwtTime(payload.exp, now, l10n) }),
      ...(template.claims.nbf !== undefined ? [el('dt', { text: 'nbf' }), el('dd', { text: describeJwtTime(template.claims.nbf, now, l10n) })] : []),
      el('dt', { text: 'jti' }), el('dd', { text: template.claims.jti !== undefined ? l10n.t('fixed: {0}', JSON.stringify(template.claims.jti)) : template.jti ? l10n.t('a fresh random UUID at each signing') : l10n.t('none') }));
  }

  private scheduleCheck(template: EditorTemplate | undefined): void {
    clearTimeout(this.checkTimer);
    const generation = ++this.checkGeneration;
    if (!template) {
      this.renderFindings([]);
      return;
    }
    this.checkTimer = setTimeout(async () => {
      try {
        const { findings } = await this.host.request({ type: 'check', template });
        if (generation === this.checkGeneration) this.renderFindings(findings);
      } catch (error) {
        if (generation === this.checkGeneration) this.renderFindings([{ severity: 'error', field: 'template', message: describe(error) }]);
      }
    }, 150);
  }

  private renderFindings(findings: FindingView[]): void {
    if (!findings.length) {
      setChildren(this.findings, el('li', { className: 'finding ok', text: this.template() ? (this.context.profile ? l10n.t('No problems found for {0}.', this.context.profile.presetLabel) : l10n.t('No problems found.')) : l10n.t('Fix the errors above first.') }));
      return;
    }
    setChildren(this.findings, ...findings.map((f) =>
      el('li', { className: `finding ${f.severity}`, attrs: { 'data-field': f.field } },
        el('span', { className: 'severity', text: f.severity === 'error' ? l10n.t('Error') : l10n.t('Warning') }), ' ',
        el('code', { text: f.field }), ' ',
        el('span', { text: f.message }))));
  }

  private async sign(): Promise<void> {
    const template = this.template();
    if (!template) return;
    this.say(l10n.t('Signing…'));
    try {
      const { token } = await this.host.request({ type: 'sign', template });
      if (JSON.stringify(this.template()) !== JSON.stringify(template)) return; // edited meanwhile
      const [header = '', payload = '', signature = ''] = token.split('.');
      this.preview.header.textContent = header;
      this.preview.payload.textContent = payload;
      this.preview.signature.textContent = signature;
      this.preview.note.textContent = l10n.t('Signed at {0}; this JWT is kept only until the next edit.', new Date().toLocaleTimeString());
      this.signed = token;
      this.say(l10n.t('Signed with the profile\'s key.'), 'ok');
      this.renderTimesAndPreview(template);
    } catch (error) {
      this.say(l10n.t('Not signed: {0}', describe(error)), 'error');
    }
  }

  /** One status line, read out by screen readers (role="status"). */
  private say(text: string, tone: 'ok' | 'error' | '' = ''): void {
    this.status.className = tone ? `${tone}-text` : '';
    this.status.textContent = text;
  }

  private async copy(what: 'signedToken' | 'accessToken'): Promise<void> {
    try {
      await this.host.request({ type: 'copy', what });
      this.say(what === 'signedToken' ? l10n.t('Signed JWT copied.') : l10n.t('Access token copied.'), 'ok');
    } catch (error) {
      this.say(describe(error), 'error');
    }
  }

  /** A key-lifecycle command on this editor's key slot; the extension asks for confirmations. */
  private async keyAction(action: KeyAction, doneText?: string): Promise<void> {
    try {
      const { done } = await this.host.request({ type: 'keyAction', action });
      if (done && doneText) this.say(doneText, 'ok');
    } catch (error) {
      this.say(describe(error), 'error');
    }
  }

  private async exchange(): Promise<void> {
    const template = this.template();
    if (!template) return;
    this.say(l10n.t('Exchanging…'));
    this.exchangeButton.disabled = true;
    try {
      const result = await this.host.request({ type: 'exchange', template });
      this.say(l10n.t('Access token received.'), 'ok');
      this.showExchange(result);
    } catch (error) {
      this.say(l10n.t('Exchange failed: {0}', describe(error)), 'error');
    } finally {
      this.exchangeButton.disabled = !this.context.profile || !this.context.trusted;
    }
  }

  private showExchange(result: ExchangeResult): void {
    const revealed = el('pre', { id: 'revealed-token', className: 'token' });
    revealed.hidden = true;
    const reveal = button(l10n.t('Reveal access token'), async () => {
      try {
        const { accessToken } = await this.host.request({ type: 'reveal' });
        revealed.textContent = accessToken;
        revealed.hidden = false;
        reveal.disabled = true;
      } catch (error) {
        this.say(describe(error), 'error');
      }
    }, { id: 'reveal-token', className: 'secondary' });
    const expires = result.expiresAt !== undefined ? l10n.t('expires {0} ({1})', new Date(result.expiresAt).toLocaleString(), relativeTime(result.expiresAt, Date.now(), l10n)) : l10n.t('expiry unknown');
    setChildren(this.exchangeOutput,
      el('p', { text: l10n.t('{0} received {1}, {2}. The token is hidden until you reveal or copy it.', result.tokenType ?? l10n.t('Token'), new Date(result.obtainedAt).toLocaleTimeString(), expires) }),
      el('pre', { id: 'exchange-result', className: 'json', text: JSON.stringify(result.response, null, 2) }),
      el('div', { className: 'actions' }, reveal, button(l10n.t('Copy access token'), () => void this.copy('accessToken'), { id: 'copy-access-token', className: 'secondary' })),
      revealed);
    this.exchangeSection.hidden = false;
  }
}
