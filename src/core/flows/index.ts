import type { FlowId } from '../flowIds';
import { clientAssertionFlow } from './clientAssertion';
import type { Flow } from './flow';
import { githubAppFlow } from './githubApp';
import { jwtBearerFlow } from './jwtBearer';
import { selfSignedFlow } from './selfSigned';
import { workfrontFlow } from './workfront';

/** Every exchange flow by id (the ids themselves are in ../flowIds.ts and package.json's enum). */
export const FLOWS: Readonly<Record<FlowId, Flow>> = {
  workfront: workfrontFlow,
  'client-assertion': clientAssertionFlow,
  'jwt-bearer': jwtBearerFlow,
  'github-app': githubAppFlow,
  'self-signed': selfSignedFlow,
};
