/** The exchange flows by id: a module of its own so that profile validation needs nothing of the flows' code. */
export type FlowId = 'workfront' | 'client-assertion' | 'jwt-bearer'
  | 'github-app' | 'self-signed';
export const FLOW_IDS: readonly FlowId[] = ['workfront', 'client-assertion', 'jwt-bearer',
  'github-app', 'self-signed'];

/** The token URL a flow's profile may leave out (GitHub's public API; a GitHub Enterprise Server API base URL replaces it). */
export const DEFAULT_TOKEN_URLS: Readonly<Partial<Record<FlowId, string>>> = {
  'github-app': 'https://api.github.com',
};
