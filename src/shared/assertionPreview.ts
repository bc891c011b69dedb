/**
 * The header and payload a template would be signed as right now, without signing and without
 * refusing anything: the webview's live preview and the extension's inline checks both read it.
 * (core/jwt's buildJwt makes the real ones at signing and refuses what is invalid.)
 */
import { chooseAlgorithm } from '../core/algorithmChoice';
import type { EditorTemplate, JsonObject } from './protocol';

/** Stands for the `jti` the extension makes at signing. */
export const JTI_PLACEHOLDER = '(fresh UUID at signing)';

/**
 * `alg` first (by the one rule, chooseAlgorithm: the header's, else `defaultAlg`, the key's default), then `typ` ("JWT" unless set)
 * and the other members; `iat` = now (less the flow's backdating) and `exp` = iat + lifetime unless the claims set them, and a
 * jti placeholder when one will be generated — in the order the signer writes them.
 */
export function assertionPreview(template: EditorTemplate, nowMs: number, defaultAlg?: string): { header: JsonObject; payload: JsonObject } {
  const alg = chooseAlgorithm({ header: template.header, keyDefault: () => defaultAlg });
  const header: JsonObject = alg !== undefined ? { alg } : {};
  header.typ = template.header.typ ?? 'JWT';
  for (const [name, value] of Object.entries(template.header)) if (name !== 'alg' && name !== 'typ') header[name] = value;
  const payload: JsonObject = {};
  for (const [name, value] of Object.entries(template.claims)) payload[name] = value;
  const iat = payload.iat ?? Math.floor(nowMs / 1000) - (template.iatBackdateSeconds ?? 0);
  payload.iat = iat;
  payload.exp = payload.exp ?? (typeof iat === 'number' ? iat + template.lifetimeSeconds : undefined);
  if (payload.exp === undefined) delete payload.exp;
  if (template.jti && payload.jti === undefined) payload.jti = JTI_PLACEHOLDER;
  return { header, payload };
}
