/** The exchange flows by id: a module of its own so that profile validation needs nothing of the flows' code. */
export type FlowId = 'workfront' | 'client-assertion' | 'jwt-bearer';
export const FLOW_IDS: readonly FlowId[] = ['workfront', 'client-assertion', 'jwt-bearer'];
