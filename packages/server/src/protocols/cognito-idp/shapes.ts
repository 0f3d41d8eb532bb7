import type {
  AttributeType,
  GroupType,
  InitiateAuthResponse,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { User } from '../../model/user.ts';
import type { AuthOutcome } from '../../services/sign-in/index.ts';
import type { Group } from '../../services/users/index.ts';
import { attributesToWire } from '../../services/users/index.ts';
import {
  ARN,
  DESCRIPTION,
  GROUP_NAME,
  type JsonObject,
  NEXT_TOKEN,
  optInt,
  optStr,
  str,
  USER_POOL_ID,
} from '../../services/validation/index.ts';

/** InitiateAuth / RespondToAuthChallenge response from a flow outcome. */
export function authResponse(outcome: AuthOutcome): InitiateAuthResponse {
  if (outcome.kind === 'tokens') {
    const result = outcome.newDevice
      ? { ...outcome.result, NewDeviceMetadata: outcome.newDevice }
      : outcome.result;
    return { AuthenticationResult: result, ChallengeParameters: {} };
  }
  // Only a hosted-page sign-in ends so, and the API never answers one (see respond.ts).
  if (outcome.kind === 'authenticated') throw new Error('A hosted sign-in reached the API');
  return {
    ChallengeName: outcome.name,
    Session: outcome.session,
    ChallengeParameters: outcome.params,
  };
}

/** Cognito's UserType. */
export function userType(user: User): UserType {
  return {
    Username: user.username,
    Attributes: attributesToWire(user.attributes) as AttributeType[],
    UserCreateDate: user.createdAt,
    UserLastModifiedDate: user.updatedAt,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** Limit (0-60) and NextToken of ListGroups, ListUsersInGroup and AdminListGroupsForUser. */
export function groupPageInput(input: JsonObject) {
  return {
    limit: optInt(input, 'Limit', { min: 0, max: 60 }),
    nextToken: optStr(input, 'NextToken', NEXT_TOKEN),
  };
}

/**
 * CreateGroup's and UpdateGroup's members, every one validated before anything is looked up, as
 * Cognito does.
 */
export function groupInput(input: JsonObject) {
  return {
    userPoolId: str(input, 'UserPoolId', USER_POOL_ID),
    name: str(input, 'GroupName', GROUP_NAME),
    fields: {
      description: optStr(input, 'Description', DESCRIPTION),
      roleArn: optStr(input, 'RoleArn', ARN),
      precedence: optInt(input, 'Precedence', { min: 0 }),
    },
  };
}

/** Cognito's GroupType; unset optional members are left out, as Cognito does. */
export function toGroupType(g: Group): GroupType {
  return {
    GroupName: g.name,
    UserPoolId: g.userPoolId,
    Description: g.description,
    RoleArn: g.roleArn,
    Precedence: g.precedence,
    LastModifiedDate: g.updatedAt,
    CreationDate: g.createdAt,
  };
}
