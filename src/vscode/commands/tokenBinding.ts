import * as vscode from 'vscode';
import type { ExchangeConfig } from '../../core/exchangeConfig';
import type { FlowId } from '../../core/flowIds';
import type { Profile } from '../../core/profile';

/** How a new profile's tokens are bound: not at all, to a DPoP key (RFC 9449), or to the TLS client certificate (RFC 8705). */
export type TokenBinding = 'none' | 'dpop' | 'mtls';
export type TokenEndpointAuth = NonNullable<ExchangeConfig['tokenEndpointAuth']>;

/** The profile fields a binding adds. */
export type BindingFields = Pick<Profile, 'dpop' | 'mtls' | 'tokenEndpointAuth'>;

/** The flows that exchange at an OAuth token endpoint, where a token can be bound. */
const BINDABLE_FLOWS: readonly FlowId[] = ['client-assertion', 'jwt-bearer'];
/** Only a client-assertion client may authenticate by its certificate instead (RFC 8705 §2). */
const CERTIFICATE_AUTH_FLOWS: readonly FlowId[] = ['client-assertion'];

export function asksForBinding(flow: FlowId): boolean {
  return BINDABLE_FLOWS.includes(flow);
}

/** The wizard's words for this step, in one place (read when asked, so l10n.t sees the display language). */
const text = () => ({
  bindingPlaceholder: vscode.l10n.t('How are the tokens bound? (None unless the server asks for DPoP or mutual TLS)'),
  none: { label: vscode.l10n.t('None'), detail: vscode.l10n.t('Plain bearer tokens (the usual case)') },
  dpop: { label: vscode.l10n.t('DPoP (RFC 9449)'), detail: vscode.l10n.t('A DPoP key of this profile\'s own (made on first use, kept in SecretStorage) signs a proof for every token request and every call') },
  mtls: { label: vscode.l10n.t('Mutual TLS (RFC 8705)'), detail: vscode.l10n.t('The token request and API calls go over TLS with this profile\'s key and its certificate as the client certificate') },
  mtlsNeedsHttps: vscode.l10n.t('Not for this profile: mutual TLS needs an https:// token URL.'),
  authPlaceholder: vscode.l10n.t('Mutual TLS: how does the client authenticate at the token endpoint?'),
  privateKeyJwt: { detail: vscode.l10n.t('A signed client assertion, as without mTLS; the certificate only binds the token') },
  selfSigned: { detail: vscode.l10n.t('The certificate alone (client_id, no assertion); the server knows it from the client\'s registered JWKS') },
  tlsClientAuth: { detail: vscode.l10n.t('The certificate alone (client_id, no assertion); a CA-issued certificate whose subject the server has on record') },
  /** Said after saving when the key has no certificate to present. */
  noCertificate: vscode.l10n.t('Mutual TLS presents the key\'s certificate as the TLS client certificate, and this profile\'s key has none.'),
  noCertificateSteps: vscode.l10n.t('Import Certificate (the one the server has on record for this client), or Generate Key Pair for a new key with its certificate.'),
});

/**
 * Asks how the tokens are bound (None first, the default) and, for mutual TLS in a client-assertion
 * flow, how the client authenticates. Undefined on Escape. `given` answers without asking.
 */
export async function askBinding(
  flow: FlowId,
  tokenUrl: string,
  title: string,
  given: { binding?: TokenBinding; tokenEndpointAuth?: TokenEndpointAuth } = {},
): Promise<BindingFields | undefined> {
  const TEXT = text();
  const https = isHttps(tokenUrl);
  let binding = given.binding;
  while (binding === undefined) {
    const items: Array<vscode.QuickPickItem & { binding: TokenBinding }> = [
      { ...TEXT.none, binding: 'none' },
      { ...TEXT.dpop, binding: 'dpop' },
      { label: TEXT.mtls.label, detail: https ? TEXT.mtls.detail : TEXT.mtlsNeedsHttps, binding: 'mtls' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: TEXT.bindingPlaceholder, ignoreFocusOut: true });
    if (!picked) return undefined;
    // An http token URL (loopback) cannot carry a client certificate: the list comes back.
    if (picked.binding !== 'mtls' || https) binding = picked.binding;
  }
  if (binding === 'none') return {};
  if (binding === 'dpop') return { dpop: true };
  if (!CERTIFICATE_AUTH_FLOWS.includes(flow)) return { mtls: true };
  // The methods' names are RFC 8705's (and the profile's values): shown as they are, not translated.
  const methods: Array<[TokenEndpointAuth, { detail: string }]> = [['private_key_jwt', TEXT.privateKeyJwt], ['self_signed_tls_client_auth', TEXT.selfSigned], ['tls_client_auth', TEXT.tlsClientAuth]];
  const auth = given.tokenEndpointAuth ?? (await vscode.window.showQuickPick(
    methods.map(([method, { detail }]) => ({ label: method, detail, auth: method })),
    { title, placeHolder: TEXT.authPlaceholder, ignoreFocusOut: true },
  ))?.auth;
  if (!auth) return undefined;
  return { mtls: true, tokenEndpointAuth: auth };
}

/** What the follow-up says when an mTLS profile's key has no certificate: the problem and its remedy. */
export function missingCertificateAdvice(): { problem: string; remedy: string } {
  const { noCertificate, noCertificateSteps } = text();
  return { problem: noCertificate, remedy: noCertificateSteps };
}

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
