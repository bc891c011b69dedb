import * as vscode from 'vscode';
import { validateEndpointUrl } from '../../core/http';
import { isOAuthJwtError, msg } from '../../core/errors';
import { callApiWithProfile } from '../apiRequest';
import { redact } from '../../core/redact';
import { notificationText } from '../notificationText';
import type { Services } from '../services';
import { profileOrActive } from './pickProfile';
import { promptSkipping } from '../promptSkipping';
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
  requireTrust(vscode.l10n.t('Send Test Request'));
  const profile = profileOrActive(services, name);
  const given = promptSkipping(services.context, urlArg);
  const url = typeof given === 'string' ? given : await vscode.window.showInputBox({
    title: vscode.l10n.t('Send Test Request with "{0}"', profile.name),
    prompt: vscode.l10n.t('API URL to call with GET and the bearer token'),
    value: profile.apiUrl ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        validateEndpointUrl(v, msg('API URL'));
        return undefined;
      } catch (error) {
        return isOAuthJwtError(error) ? error.messageIn(vscode.l10n) : (error as Error).message;
      }
    },
  });
  if (!url) return undefined;
  const origin = validateEndpointUrl(url, msg('API URL')).origin;
  const { response, token, explanation } = await callApiWithProfile(services, profile, { method: 'GET', url, maxBytes: 256 * 1024 });
  const bodyStart = redact(response.body.slice(0, 300), [token.accessToken]).replace(/\s+/g, ' ').trim();
  services.log.info('test-request', `GET ${origin}${new URL(url).pathname} → ${response.status}`);
  const message = `OAuth JWT: GET ${new URL(url).pathname} → ${response.status}${bodyStart ? ` — ${bodyStart.slice(0, 200)}` : ''}`;
  if (response.status >= 200 && response.status < 300) void vscode.window.showInformationMessage(notificationText(message));
  else void vscode.window.showWarningMessage(notificationText(explanation ? `${message} ${explanation}` : message));
  return { status: response.status, bodyStart };
}
