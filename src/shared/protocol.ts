/**
 * The claim editor's messages between the extension and its webview, imported by both sides.
 * One interface per message with a `type`; requests carry an `id` that their reply repeats.
 * Every receiver runs the matching parse…() and drops what it returns undefined for: a webview
 * is a browser page, so nothing it sends is trusted, and a stray message is never acted upon.
 *
 * What may cross: header and claims templates (not secret), the signed JWT the user asked for,
 * and the access token only masked — in clear only in reply to an explicit "reveal".
 */
import { MAX_JSON_CHARS, MAX_PRESET_LIFETIME_SECONDS, MAX_TOKEN_CHARS } from '../core/limits';
import { isPlainObject } from '../core/plainObject';

export type JsonObject = Record<string, unknown>;

/** What the editor signs: header and claims as written; `iat`, `exp` and `jti` are made at signing unless set. */
export interface EditorTemplate {
  header: JsonObject;
  claims: JsonObject;
  /** Seconds from `iat` to `exp`. */
  lifetimeSeconds: number;
  /** Add a fresh random `jti` to each signed JWT (unless the claims set one). */
  jti: boolean;
  /** Seconds `iat` is set in the past (the github-app flow: 60); absent for now. */
  iatBackdateSeconds?: number;
}

/** The non-secret facts about the profile an editor belongs to. */
export interface ProfileSummary {
  name: string;
  flow: string;
  /** Origin and path of the token URL (shown; never holds a secret). */
  tokenUrl: string;
  method: 'GET' | 'POST';
  presetId: string;
  presetLabel: string;
  maxLifetimeSeconds?: number;
}

/** What the webview may know about the signing key: its kind, never its material. */
export interface KeySummary {
  type: string;
  /** Algorithms the key can sign with, the default first. */
  algorithms: string[];
  /** ISO date when the key's certificate expires, if one is stored. */
  certificateNotAfter?: string;
}

export interface PresetTemplate {
  id: string;
  label: string;
  detail: string;
  template: EditorTemplate;
}

export interface EditorContext {
  profile?: ProfileSummary;
  key?: KeySummary;
  /** Workspace trust: exchanges are off in Restricted Mode. */
  trusted: boolean;
}

export interface FindingView {
  severity: 'error' | 'warning';
  field: string;
  message: string;
}

export interface ErrorView {
  code: string;
  message: string;
  hint?: string;
}

// ---- webview → extension ----------------------------------------------------------------

/** The webview has loaded and listens: the extension sends `init` only after this. */
export interface ReadyMessage { type: 'ready' }
/**
 * The requests (sign, check, decode, verify, exchange, reveal, copy): each is one entry of the
 * REQUESTS table below, from which their message types, the reply types and the request list are
 * derived; the panel answers them through one handler map typed by the same table.
 */
export type RequestType = keyof typeof REQUESTS;
/** The members a request carries beyond `type` and `id`, as its entry parses them. */
export type RequestParams<K extends RequestType> = NonNullable<ReturnType<(typeof REQUESTS)[K]['parse']>>;
export type RequestOf<K extends RequestType> = { type: K; id: number } & RequestParams<K>;
export type FromWebviewRequest = { [K in RequestType]: RequestOf<K> }[RequestType];
export type FromWebviewMessage = ReadyMessage | FromWebviewRequest;

// ---- replies ------------------------------------------------------------------------------

export interface SignResult { token: string }
export interface CheckResult { findings: FindingView[] }
export interface DecodeResult { header: JsonObject; payload: JsonObject; signature: string }
export type VerifyResult =
  | { outcome: 'verified'; header: JsonObject; payload: JsonObject; source: string }
  | { outcome: 'cancelled' };
export interface ExchangeResult {
  /** The token response with access, refresh and ID tokens replaced by a mask. */
  response: JsonObject;
  tokenType?: string;
  /** ms since the epoch, when known. */
  expiresAt?: number;
  obtainedAt: number;
}
export interface RevealResult { accessToken: string }
export interface CopyResult { copied: true }
/** `done`: the command ran to its end (false: cancelled, or it failed and said why in a notification). */
export interface KeyActionResult { done: boolean }
/** The key-lifecycle commands the claim editor offers for its key slot. */
export const KEY_ACTIONS = ['rotate', 'activate', 'retire', 'details'] as const;
export type KeyAction = (typeof KEY_ACTIONS)[number];

/** The result each request type is answered with, as its entry's result check promises. */
export type Results = { [K in RequestType]: (typeof REQUESTS)[K] extends RequestSpec<object, infer R> ? R : never };

export type SuccessReply<T extends RequestType = RequestType> = { [K in T]: { type: 'reply'; id: number; request: K; ok: true; result: Results[K] } }[T];
export interface FailureReply { type: 'reply'; id: number; request: RequestType; ok: false; error: ErrorView }
export type ReplyMessage = SuccessReply | FailureReply;

// ---- extension → webview ----------------------------------------------------------------

export interface InitMessage {
  type: 'init';
  context: EditorContext;
  /** The profile's own template; the webview keeps its saved one instead when it has one. */
  template: EditorTemplate;
  presets: PresetTemplate[];
  /** A token to show in the decode view. */
  decode?: string;
  /** The translations of the page's strings (message → text, vscode.l10n.bundle); absent for English. */
  l10n?: Record<string, string>;
}
/** The profile, key or trust changed. */
export interface ContextMessage { type: 'context'; context: EditorContext }
/** Show this token in the decode view ("Decode JWT" with the editor open). */
export interface DecodeTokenMessage { type: 'decodeToken'; token: string }

export type PushMessage = InitMessage | ContextMessage | DecodeTokenMessage;
export type ToWebviewMessage = PushMessage | ReplyMessage;

// ---- webview state ------------------------------------------------------------------------

/**
 * What the webview keeps across reloads (vscode.setState) and what the serializer restores from.
 * Templates and view state only: never a signed JWT, an access token or a pasted token.
 */
export interface SavedState {
  profile?: string;
  /** The raw JSON texts as typed, valid or not, so nothing is lost. */
  headerText: string;
  claimsText: string;
  lifetimeSeconds: number;
  jti: boolean;
  view: 'build' | 'decode';
}

// ---- validation ---------------------------------------------------------------------------

const MAX_DEPTH = 32;
const MAX_NODES = 20_000;
const MAX_STRING = MAX_JSON_CHARS;
const MAX_ID = Number.MAX_SAFE_INTEGER;
const MAX_NAME = 1000;

/**
 * True for a plain JSON object: strings, finite numbers, booleans, null, arrays and plain objects
 * only, no `__proto__` member anywhere, bounded depth and size.
 */
export function isJsonObject(value: unknown): value is JsonObject {
  let nodes = 0;
  const visit = (v: unknown, depth: number): boolean => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return false;
    if (v === null || typeof v === 'boolean') return true;
    if (typeof v === 'number') return Number.isFinite(v);
    if (typeof v === 'string') return v.length <= MAX_STRING;
    if (Array.isArray(v)) return v.every((item) => visit(item, depth + 1));
    if (!isPlainObject(v)) return false;
    return Object.keys(v).every((key) => key !== '__proto__' && key.length <= MAX_STRING && visit(v[key], depth + 1));
  };
  return isPlainObject(value) && visit(value, 0);
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v <= MAX_ID;
const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
// Up to the longest a preset allows (Sign in with Apple); the provider's own cap is checked before signing.
const isLifetime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v <= MAX_PRESET_LIFETIME_SECONDS;
const optional = <T>(v: unknown, check: (x: unknown) => x is T): boolean => v === undefined || check(v);

/** Own members only, read from a plain object (nothing inherited can answer). */
function own(value: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** A template rebuilt from exactly its known members, or undefined. */
export function parseTemplate(value: unknown): EditorTemplate | undefined {
  if (!isPlainObject(value)) return undefined;
  const header = own(value, 'header');
  const claims = own(value, 'claims');
  const lifetimeSeconds = own(value, 'lifetimeSeconds');
  const jti = own(value, 'jti');
  if (!isJsonObject(header) || !isJsonObject(claims) || !isLifetime(lifetimeSeconds) || typeof jti !== 'boolean') return undefined;
  const backdate = own(value, 'iatBackdateSeconds');
  if (backdate === undefined) return { header, claims, lifetimeSeconds, jti };
  if (typeof backdate !== 'number' || !Number.isSafeInteger(backdate) || backdate < 0 || backdate > 300) return undefined;
  return { header, claims, lifetimeSeconds, jti, iatBackdateSeconds: backdate };
}

/** The extension's gate: a well-formed message from the webview, rebuilt from its known fields, else undefined. */
export function parseFromWebview(value: unknown): FromWebviewMessage | undefined {
  if (!isPlainObject(value)) return undefined;
  const type = own(value, 'type');
  if (type === 'ready') return { type };
  const id = own(value, 'id');
  if (!isId(id) || !isRequestType(type)) return undefined;
  const members = REQUESTS[type].parse(value);
  return members ? ({ type, id, ...members } as FromWebviewRequest) : undefined;
}

function parseProfileSummary(value: unknown): ProfileSummary | undefined {
  if (!isPlainObject(value)) return undefined;
  const { name, flow, tokenUrl, method, presetId, presetLabel, maxLifetimeSeconds } = value;
  if (!isString(name, MAX_NAME) || !isString(flow, MAX_NAME) || !isString(tokenUrl, MAX_STRING) || (method !== 'GET' && method !== 'POST')
    || !isString(presetId, MAX_NAME) || !isString(presetLabel, MAX_NAME) || !optional(maxLifetimeSeconds, isLifetime)) return undefined;
  return { name, flow, tokenUrl, method, presetId, presetLabel, ...(maxLifetimeSeconds !== undefined ? { maxLifetimeSeconds: maxLifetimeSeconds as number } : {}) };
}

function parseKeySummary(value: unknown): KeySummary | undefined {
  if (!isPlainObject(value)) return undefined;
  const { type, algorithms, certificateNotAfter } = value;
  if (!isString(type, MAX_NAME) || !Array.isArray(algorithms) || !algorithms.every((a) => isString(a, MAX_NAME))) return undefined;
  if (!optional(certificateNotAfter, (v): v is string => isString(v, MAX_NAME))) return undefined;
  return { type, algorithms: [...algorithms], ...(certificateNotAfter !== undefined ? { certificateNotAfter: certificateNotAfter as string } : {}) };
}

function parseContext(value: unknown): EditorContext | undefined {
  if (!isPlainObject(value) || typeof value.trusted !== 'boolean') return undefined;
  const profile = value.profile === undefined ? undefined : parseProfileSummary(value.profile);
  const key = value.key === undefined ? undefined : parseKeySummary(value.key);
  if ((value.profile !== undefined && !profile) || (value.key !== undefined && !key)) return undefined;
  return { trusted: value.trusted, ...(profile ? { profile } : {}), ...(key ? { key } : {}) };
}

function parsePresets(value: unknown): PresetTemplate[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const presets: PresetTemplate[] = [];
  for (const item of value) {
    if (!isPlainObject(item)) return undefined;
    const template = parseTemplate(item.template);
    if (!isString(item.id, MAX_NAME) || !isString(item.label, MAX_NAME) || !isString(item.detail, MAX_STRING) || !template) return undefined;
    presets.push({ id: item.id, label: item.label, detail: item.detail, template });
  }
  return presets;
}

function isFinding(v: unknown): v is FindingView {
  return isPlainObject(v) && (v.severity === 'error' || v.severity === 'warning') && isString(v.field, MAX_NAME) && isString(v.message, MAX_STRING);
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One webview request: how its members are read from an untrusted message, and the shape its result must have. */
interface RequestSpec<P extends object, R> {
  /** The request's own members (beyond type and id), rebuilt from exactly its known fields, or undefined. */
  parse(value: JsonObject): P | undefined;
  isResult(result: unknown): result is R;
}

const requestSpec = <P extends object, R>(spec: RequestSpec<P, R>): RequestSpec<P, R> => spec;

function templateMember(value: JsonObject): { template: EditorTemplate } | undefined {
  const template = parseTemplate(own(value, 'template'));
  return template ? { template } : undefined;
}

function tokenMember(value: JsonObject): { token: string } | undefined {
  const token = own(value, 'token');
  return isString(token, MAX_TOKEN_CHARS) ? { token } : undefined;
}

/** Every request the webview may send: a request type missing here is neither accepted nor answered. */
const REQUESTS = {
  sign: requestSpec({
    parse: templateMember,
    isResult: (r): r is SignResult => isPlainObject(r) && isString(r.token, MAX_TOKEN_CHARS),
  }),
  check: requestSpec({
    parse: templateMember,
    isResult: (r): r is CheckResult => isPlainObject(r) && Array.isArray(r.findings) && r.findings.every(isFinding),
  }),
  decode: requestSpec({
    parse: tokenMember,
    isResult: (r): r is DecodeResult => isPlainObject(r) && isJsonObject(r.header) && isJsonObject(r.payload) && isString(r.signature, MAX_TOKEN_CHARS),
  }),
  /** `file`: the extension asks for a certificate, public key or JWKS file; `profileKey`: the public half of the profile's key. */
  verify: requestSpec({
    parse: (value): { token: string; using: 'file' | 'profileKey' } | undefined => {
      const token = tokenMember(value);
      const using = own(value, 'using');
      return token && (using === 'file' || using === 'profileKey') ? { ...token, using } : undefined;
    },
    isResult: (r): r is VerifyResult => isPlainObject(r)
      && (r.outcome === 'cancelled' || (r.outcome === 'verified' && isJsonObject(r.header) && isJsonObject(r.payload) && isString(r.source, MAX_STRING))),
  }),
  exchange: requestSpec({
    parse: templateMember,
    isResult: (r): r is ExchangeResult => isPlainObject(r) && isJsonObject(r.response) && isTime(r.obtainedAt) && optional(r.expiresAt, isTime)
      && optional(r.tokenType, (v): v is string => isString(v, MAX_NAME)),
  }),
  /** Asks for the last exchange's access token in clear. */
  reveal: requestSpec({
    parse: () => ({}),
    isResult: (r): r is RevealResult => isPlainObject(r) && isString(r.accessToken, MAX_JSON_CHARS),
  }),
  /** Copies through the extension's clipboard; the webview never needs to hold what is copied. */
  copy: requestSpec({
    parse: (value): { what: 'accessToken' | 'signedToken' } | undefined => {
      const what = own(value, 'what');
      return what === 'accessToken' || what === 'signedToken' ? { what } : undefined;
    },
    isResult: (r): r is CopyResult => isPlainObject(r) && r.copied === true,
  }),
  /** Runs a key-lifecycle command on the editor's key slot; the command itself asks for confirmations and folders. */
  keyAction: requestSpec({
    parse: (value): { action: KeyAction } | undefined => {
      const action = own(value, 'action');
      return KEY_ACTIONS.find((known) => known === action) === undefined ? undefined : { action: action as KeyAction };
    },
    isResult: (r): r is KeyActionResult => isPlainObject(r) && typeof r.done === 'boolean',
  }),
};

/** The request types, in the table's order. */
export const REQUEST_TYPES = Object.keys(REQUESTS) as RequestType[];

function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && Object.hasOwn(REQUESTS, value);
}


function parseError(value: unknown): ErrorView | undefined {
  if (!isPlainObject(value) || !isString(value.code, MAX_NAME) || !isString(value.message, MAX_STRING) || !optional(value.hint, (v): v is string => isString(v, MAX_STRING))) return undefined;
  return { code: value.code, message: value.message, ...(value.hint !== undefined ? { hint: value.hint as string } : {}) };
}

/** Translations sent with `init`: a plain object of strings, bounded in count and length. */
const MAX_L10N_ENTRIES = 5000;
function isL10nBundle(value: unknown): value is Record<string, string> {
  if (!isPlainObject(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= MAX_L10N_ENTRIES && entries.every(([key, text]) => key.length <= MAX_STRING && isString(text, MAX_STRING));
}

/** The webview's gate: a well-formed message from the extension, else undefined. */
export function parseToWebview(value: unknown): ToWebviewMessage | undefined {
  if (!isPlainObject(value)) return undefined;
  switch (value.type) {
    case 'init': {
      const context = parseContext(value.context);
      const template = parseTemplate(value.template);
      const presets = parsePresets(value.presets);
      if (!context || !template || !presets || !optional(value.decode, (v): v is string => isString(v, MAX_TOKEN_CHARS)) || !optional(value.l10n, isL10nBundle)) return undefined;
      return { type: 'init', context, template, presets, ...(value.decode !== undefined ? { decode: value.decode as string } : {}), ...(value.l10n !== undefined ? { l10n: { ...(value.l10n as Record<string, string>) } } : {}) };
    }
    case 'context': {
      const context = parseContext(value.context);
      return context ? { type: 'context', context } : undefined;
    }
    case 'decodeToken':
      return isString(value.token, MAX_TOKEN_CHARS) ? { type: 'decodeToken', token: value.token } : undefined;
    case 'reply': {
      const { id, request, ok } = value;
      if (!isId(id) || !isRequestType(request)) return undefined;
      const kind = request;
      if (ok === true) return REQUESTS[kind].isResult(value.result) ? ({ type: 'reply', id, request: kind, ok, result: value.result } as SuccessReply) : undefined;
      if (ok === false) {
        const error = parseError(value.error);
        return error ? { type: 'reply', id, request: kind, ok, error } : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Saved webview state, rebuilt from its known fields (anything else, such as a token, is dropped), else undefined. */
export function parseSavedState(value: unknown): SavedState | undefined {
  if (!isPlainObject(value)) return undefined;
  const { profile, headerText, claimsText, lifetimeSeconds, jti, view } = value;
  if (!optional(profile, (v): v is string => isString(v, MAX_NAME)) || !isString(headerText, MAX_JSON_CHARS) || !isString(claimsText, MAX_JSON_CHARS)
    || !isLifetime(lifetimeSeconds) || typeof jti !== 'boolean' || (view !== 'build' && view !== 'decode')) return undefined;
  return { ...(profile !== undefined ? { profile: profile as string } : {}), headerText, claimsText, lifetimeSeconds, jti, view };
}
