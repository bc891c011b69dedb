// CONTRACT STUB — to be implemented (jwt helper). Signatures are fixed; see TSDoc.

/**
 * The one function every log line passes through. Replaces with "[redacted …]":
 * PEM blocks (any BEGIN … END), JWTs/JWSs (three base64url segments starting "eyJ"),
 * values of client_secret / client_assertion / assertion / jwt_token / access_token / refresh_token /
 * id_token / password / passphrase in form bodies, query strings and JSON, `Authorization` header
 * values (Bearer/Basic …), and every string in `knownSecrets` (also in its URL-encoded form).
 */
export declare function redact(text: string, knownSecrets?: Iterable<string>): string;
