/** Size caps applied before anything is parsed. */
export const MAX_TOKEN_CHARS = 64 * 1024;
export const MAX_PEM_CHARS = 64 * 1024;
export const MAX_JSON_CHARS = 1024 * 1024;
export const MAX_RESPONSE_BYTES = 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_LIFETIME_SECONDS = 300;
