import type { Operation } from '../../cognito-idp/operation.ts';
import cognateVerifyRequest from './cognateVerifyRequest.ts';
import createIdentityPool from './createIdentityPool.ts';
import deleteIdentities from './deleteIdentities.ts';
import deleteIdentityPool from './deleteIdentityPool.ts';
import describeIdentity from './describeIdentity.ts';
import describeIdentityPool from './describeIdentityPool.ts';
import getCredentialsForIdentity from './getCredentialsForIdentity.ts';
import getId from './getId.ts';
import getIdentityPoolRoles from './getIdentityPoolRoles.ts';
import getOpenIdToken from './getOpenIdToken.ts';
import getOpenIdTokenForDeveloperIdentity from './getOpenIdTokenForDeveloperIdentity.ts';
import listIdentities from './listIdentities.ts';
import listIdentityPools from './listIdentityPools.ts';
import listTagsForResource from './listTagsForResource.ts';
import lookupDeveloperIdentity from './lookupDeveloperIdentity.ts';
import mergeDeveloperIdentities from './mergeDeveloperIdentities.ts';
import setIdentityPoolRoles from './setIdentityPoolRoles.ts';
import tagResource from './tagResource.ts';
import unlinkDeveloperIdentity from './unlinkDeveloperIdentity.ts';
import unlinkIdentity from './unlinkIdentity.ts';
import untagResource from './untagResource.ts';
import updateIdentityPool from './updateIdentityPool.ts';

/** Every Cognito Identity operation: the only list of them (one file each). */
export const identityOperations: Operation[] = [
  cognateVerifyRequest,
  createIdentityPool,
  deleteIdentities,
  deleteIdentityPool,
  describeIdentity,
  describeIdentityPool,
  getCredentialsForIdentity,
  getId,
  getIdentityPoolRoles,
  getOpenIdToken,
  getOpenIdTokenForDeveloperIdentity,
  listIdentities,
  listIdentityPools,
  listTagsForResource,
  lookupDeveloperIdentity,
  mergeDeveloperIdentities,
  setIdentityPoolRoles,
  tagResource,
  unlinkDeveloperIdentity,
  unlinkIdentity,
  untagResource,
  updateIdentityPool,
] as Operation[];
