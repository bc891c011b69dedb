import * as vscode from 'vscode';
import { callWithToken, isDpopToken } from '../../core/apiCall';
import { OAuthJwtError } from '../../core/errors';
import { nodeHttpClient, validateEndpointUrl } from '../../core/http';
import { privateKeyPem } from '../../core/keys';
import { providerForProfile } from '../../core/providers';
import { redact } from '../../core/redact';
import { notificationText } from '../notificationText';
import type { Services } from '../services';
import { profileOrActive } from './pickProfile';
import { promptSkipping } from '../promptSkipping';
import { tokenWithProgress } from '../tokenProgress';
import { requireTrust } from '../trust';

export interface TestResult {
  status: number;
  bodyStart: string;
}

/**
 * Calls an API URL with the profile's bearer token and shows the status and the start of the body
 * ("200 OK" with data, or "403" without a valid token, as the LogicNets document shows). Needs a
 * trusted workspace, and sends the token only to an origin confirmed for it (OriginTrust); a URL
 * given as an argument counts only in test mode.
 */
export async function sendTestRequestCommand(services: Services, name?: unknown, urlArg?: unknown): Promise<TestResult | undefined> {
  requireTrust('Send Test Request');
  const profile = profileOrActive(services, name);
  const given = promptSkipping(services.context, urlArg);
  const url = typeof given === 'string' ? given : await vscode.window.showInputBox({
    title: `Send Test Request with "${profile.name}"`,
    prompt: 'API URL to call with GET and the bearer token',
    value: profile.apiUrl ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        validateEndpointUrl(v, 'API URL');
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (!url) return undefined;
  const origin = validateEndpointUrl(url, 'API URL').origin;
  // The token goes only where the user confirmed it may go (a workspace can change apiUrl).
  await services.trust.confirmApiRequest(profile, origin);
  const token = await tokenWithProgress(services.tokens, profile);
  // Bearer, or for a DPoP-bound token "DPoP" with a fresh proof by the profile's DPoP key (RFC 9449 §7.1).
  const dpopKey = isDpopToken(token) ? await services.tokens.dpopKey(profile.name) : undefined;
  const response = await callWithToken(nodeHttpClient, {
    method: 'GET',
    url,
    // The preset's own request headers (Snowflake: X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT).
    headers: { Accept: 'application/json, */*', ...providerForProfile(profile).apiHeaders },
    timeoutMs: services.config.timeoutMs(),
    ca: await services.config.extraCaCertificates(url),
    maxBytes: 256 * 1024,
    // RFC 8705 §3: a certificate-bound token goes over the same client certificate.
    ...(profile.mtls ? { clientCertificate: await clientCertificate(services, profile.name) } : {}),
  }, token, dpopKey);
  const bodyStart = redact(response.body.slice(0, 300), [token.accessToken]).replace(/\s+/g, ' ').trim();
  services.log.info('test-request', `GET ${origin}${new URL(url).pathname} → ${response.status}`);
  const message = `OAuth JWT: GET ${new URL(url).pathname} → ${response.status}${bodyStart ? ` — ${bodyStart.slice(0, 200)}` : ''}`;
  if (response.status >= 200 && response.status < 300) void vscode.window.showInformationMessage(notificationText(message));
  else void vscode.window.showWarningMessage(notificationText(message));
  return { status: response.status, bodyStart };
}

/** The profile's key and certificate as the TLS client certificate (mTLS profiles). */
async function clientCertificate(services: Services, profile: string): Promise<{ key: string; cert: string }> {
  const slotKey = await services.keys.require(profile);
  if (!slotKey.certificatePem) {
    throw new OAuthJwtError('MISSING_SECRET', `Profile "${profile}" uses mutual TLS, but its key has no certificate.`, 'Generate the key pair with a certificate (RSA), or import the key together with its certificate.');
  }
  return { key: privateKeyPem(slotKey.key), cert: slotKey.certificatePem };
}
