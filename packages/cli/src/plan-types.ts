import type { UserPoolClientType, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthDefinitions } from './definitions.ts';
import type { AuthIds, ServiceType } from './project.ts';

// What a plan is: the steps push would take, per auth resource. `plan` makes one (with
// `plan-managed` for managed resources) and `apply` carries it out.

/** What push will do to one server object. */
export type Action = 'create' | 'update' | 'delete' | 'no-change' | 'unlink' | 'check';

/** One step of the plan. */
export interface Step {
  resource: string;
  /**
   * `user pool`, `MFA`, `app client`, `custom attributes`, `domain`, `identity provider` or
   * `resource` (unlink).
   */
  object: string;
  action: Action;
  /** Id on the server, when it exists. */
  id?: string;
  /** The diff lines (`Policies.PasswordPolicy.MinimumLength: 8 → 12`). */
  changes: string[];
}

/** A resource's plan, with its definitions and what the server cannot do yet. */
export interface ResourcePlan {
  name: string;
  serviceType: ServiceType;
  ids: AuthIds;
  definitions?: AuthDefinitions;
  steps: Step[];
  unsupported: string[];
  /** Things that will not work as defined (a trigger function without a file). */
  warnings: string[];
  /** Where things are (the file each trigger runs). */
  notes: string[];
  /** Changes that cannot be made to an existing pool (Cognito forbids them too). */
  blocked: string[];
  /** State read from the server (for imported resources and the no-change case). */
  pool?: UserPoolType;
  client?: UserPoolClientType;
}

/** The whole plan for the checked-out environment. */
export interface Plan {
  env: string;
  endpoint: string;
  resources: ResourcePlan[];
  /** Number of steps that change something. */
  changeCount: number;
}
