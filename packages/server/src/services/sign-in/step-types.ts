import type { NewDeviceMetadataType } from '@aws-sdk/client-cognito-identity-provider';
import type { User } from '../../model/user.ts';
import type { Context } from '../context.ts';
import type { AuthenticationResult } from '../tokens/tokens.ts';
import type { FlowStep } from './states.ts';

/** What the steps of a sign-in may use: the flow, its second factors, triggers and tokens. */
export type SignInDeps = Pick<
  Context,
  | 'db'
  | 'clock'
  | 'random'
  | 'publicUrl'
  | 'serverSecret'
  | 'region'
  | 'accountId'
  | 'functions'
  | 'log'
  | 'delivery'
>;

/**
 * Where a sign-in step leads: tokens, another challenge stored under a new Session, or (a
 * hosted-page sign-in, `FlowCarry.hosted`) a user proven at `authTime` (epoch ms) whose tokens
 * the OAuth endpoints issue.
 */
export type AuthOutcome =
  | {
      kind: 'tokens';
      result: AuthenticationResult;
      user: User;
      /** A device this sign-in created, for the client to confirm (ConfirmDevice). */
      newDevice?: NewDeviceMetadataType;
    }
  | { kind: 'challenge'; name: FlowStep; session: string; params: Record<string, string> }
  | { kind: 'authenticated'; user: User; authTime: number };
