/** Size caps applied before anything is parsed. */
export const MAX_TOKEN_CHARS = 64 * 1024;
export const MAX_PEM_CHARS = 64 * 1024;
export const MAX_JSON_CHARS = 1024 * 1024;
export const MAX_RESPONSE_BYTES = 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_LIFETIME_SECONDS = 300;
/** Longest assertion lifetime accepted anywhere (profiles, the CLI's --ttl for token, the claim editor); providers' own caps (SPEC §7) are lower. */
export const MAX_LIFETIME_SECONDS = 86_400;
/** Above this a JWT time claim is almost surely milliseconds: 1e11 seconds is the year 5138. */
export const MILLISECONDS_THRESHOLD = 1e11;
/**
 * The longest lifetime any preset documents (Sign in with Apple's client secret: 15777000 s, six
 * months). Only that preset's profiles may use more than MAX_LIFETIME_SECONDS; the claim editor's
 * messages accept up to this so that its template can be shown.
 */
export const MAX_PRESET_LIFETIME_SECONDS = 15_777_000;
