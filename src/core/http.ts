// CONTRACT STUB — to be implemented (exchange helper). Signatures are fixed; see TSDoc.

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole-request timeout (connect + response). */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Response body cap in bytes (default MAX_RESPONSE_BYTES). */
  maxBytes?: number;
  /** Extra trusted CA certificates (PEM) for a server with a private CA; TLS is always verified. */
  ca?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The seam the flows talk through. */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/**
 * node:http/node:https client: never follows redirects (a 3xx is returned as is), aborts past
 * `timeoutMs` (TIMEOUT) or on `signal` (CANCELLED), stops reading past `maxBytes`
 * (RESPONSE_TOO_LARGE), maps connection failures to NETWORK and certificate failures to TLS —
 * each with a message naming the host (never the body) and a hint.
 */
export declare const nodeHttpClient: HttpClient;

/**
 * Checks a token or API URL: must parse, be https:, or http: on loopback only (127.0.0.0/8, ::1,
 * localhost); no user info; no fragment. INVALID_URL / INSECURE_URL with what to do.
 */
export declare function validateEndpointUrl(url: string, what?: string): URL;
