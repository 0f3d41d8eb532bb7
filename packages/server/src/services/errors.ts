/**
 * Domain errors, one class per Cognito exception. `code` is Cognito's exact `__type` wire name
 * (never change one: clients branch on it). `message` is public; `detail` is logged, never sent.
 */
export class CognateError extends Error {
  /** Cognito's `__type` for this error. */
  readonly code: string;
  /** HTTP status Cognito answers with (400 for every client error, 500 for internal ones). */
  readonly status: number;
  /** Private context for logs; never sent to the client. */
  readonly detail?: string;
  /**
   * Commit the operation's writes even though it fails: a wrong code or password must still
   * count its attempt and burn a used sign-in session.
   */
  keepWrites = false;

  constructor(code: string, message: string, status = 400, detail?: string) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.detail = detail;
  }

  /** Marks this error to commit the operation's writes (see `keepWrites`). */
  keep(): this {
    this.keepWrites = true;
    return this;
  }
}

/** Makes an error class for one Cognito exception with its default message. */
function defineError(code: string, defaultMessage: string, status = 400) {
  return class extends CognateError {
    constructor(message: string = defaultMessage, detail?: string) {
      super(code, message, status, detail);
    }
  };
}

// Wire names below must never change.
export const InvalidParameterException = defineError(
  'InvalidParameterException',
  'Invalid parameter.',
);
export const NotAuthorizedException = defineError(
  'NotAuthorizedException',
  'Incorrect username or password.',
);
export const UserNotFoundException = defineError('UserNotFoundException', 'User does not exist.');
export const UsernameExistsException = defineError(
  'UsernameExistsException',
  'User already exists',
);
export const UserNotConfirmedException = defineError(
  'UserNotConfirmedException',
  'User is not confirmed.',
);
export const CodeMismatchException = defineError(
  'CodeMismatchException',
  'Invalid verification code provided, please try again.',
);
export const ExpiredCodeException = defineError(
  'ExpiredCodeException',
  'Invalid code provided, please request a code again.',
);
export const LimitExceededException = defineError(
  'LimitExceededException',
  'Attempt limit exceeded, please try after some time.',
);
export const TooManyRequestsException = defineError(
  'TooManyRequestsException',
  'Too many requests.',
);
export const TooManyFailedAttemptsException = defineError(
  'TooManyFailedAttemptsException',
  'Too many failed attempts.',
);
export const InvalidPasswordException = defineError(
  'InvalidPasswordException',
  'Password does not conform to policy.',
);
export const ResourceNotFoundException = defineError(
  'ResourceNotFoundException',
  'Resource not found.',
);
export const AliasExistsException = defineError(
  'AliasExistsException',
  'An account with the given email already exists.',
);
export const InvalidUserPoolConfigurationException = defineError(
  'InvalidUserPoolConfigurationException',
  'Invalid user pool configuration.',
);
export const UnsupportedOperationException = defineError(
  'UnsupportedOperationException',
  'Unsupported operation.',
);
export const UnsupportedTokenTypeException = defineError(
  'UnsupportedTokenTypeException',
  'Unsupported token type.',
);
export const PasswordResetRequiredException = defineError(
  'PasswordResetRequiredException',
  'Password reset required for the user',
);
export const CodeDeliveryFailureException = defineError(
  'CodeDeliveryFailureException',
  'Unable to deliver the verification code.',
);
export const InvalidLambdaResponseException = defineError(
  'InvalidLambdaResponseException',
  'Invalid lambda response.',
);
export const ConcurrentModificationException = defineError(
  'ConcurrentModificationException',
  'Concurrent modification.',
);
export const UnexpectedLambdaException = defineError(
  'UnexpectedLambdaException',
  'Unexpected lambda error.',
);
/** A trigger function failed; the message carries its error ("<Trigger> failed with error …"). */
export const UserLambdaValidationException = defineError(
  'UserLambdaValidationException',
  'User lambda validation failed.',
);
export const InvalidOAuthFlowException = defineError(
  'InvalidOAuthFlowException',
  'Invalid OAuth flow.',
);
export const ScopeDoesNotExistException = defineError(
  'ScopeDoesNotExistException',
  'Scope does not exist.',
);
export const UserPoolTaggingException = defineError(
  'UserPoolTaggingException',
  'User pool tagging failed.',
);
export const InternalErrorException = defineError(
  'InternalErrorException',
  'Internal server error.',
  500,
);
// Protocol-level errors shared by every AWS JSON service.
export const UnknownOperationException = defineError(
  'UnknownOperationException',
  'Unknown operation.',
);
export const SerializationException = defineError(
  'SerializationException',
  'Malformed request body.',
);
export const MissingAuthenticationTokenException = defineError(
  'MissingAuthenticationTokenException',
  'Missing Authentication Token',
  403,
);
export const UnrecognizedClientException = defineError(
  'UnrecognizedClientException',
  'The security token included in the request is invalid.',
);
export const InvalidSignatureException = defineError(
  'InvalidSignatureException',
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
);
export const UnsupportedUserStateException = defineError(
  'UnsupportedUserStateException',
  'Unsupported user state.',
);
export const GroupExistsException = defineError(
  'GroupExistsException',
  'A group with the name already exists.',
);
export const UserPoolAddOnNotEnabledException = defineError(
  'UserPoolAddOnNotEnabledException',
  'User pool add-ons are not enabled for this user pool.',
);
export const PreconditionNotMetException = defineError(
  'PreconditionNotMetException',
  'A precondition is not met.',
);
/** VerifySoftwareToken: the code does not match the secret being set up. */
export const EnableSoftwareTokenMFAException = defineError(
  'EnableSoftwareTokenMFAException',
  'Code mismatch and fail enable Software Token MFA',
);
/** The pool does not offer authenticator-app (TOTP) MFA, or the user has no token for it. */
export const SoftwareTokenMFANotFoundException = defineError(
  'SoftwareTokenMFANotFoundException',
  'Software Token MFA has not been enabled by the userPool.',
);
/** CreateIdentityProvider: the pool already has a provider of that name. */
export const DuplicateProviderException = defineError(
  'DuplicateProviderException',
  'A provider with the same name already exists in this user pool.',
);
/** Update/DeleteIdentityProvider: the provider named is one Cognate does not manage this way. */
export const UnsupportedIdentityProviderException = defineError(
  'UnsupportedIdentityProviderException',
  'The specified identity provider is not supported.',
);
// IAM's errors (roles and their policies, AWS Query protocol), with IAM's statuses.
/** CreateRole: a role of that name (regardless of case) exists. */
export const EntityAlreadyExists = defineError(
  'EntityAlreadyExists',
  'The entity already exists.',
  409,
);
/** A role or role policy named does not exist. */
export const NoSuchEntity = defineError('NoSuchEntity', 'The entity does not exist.', 404);
/** DeleteRole: the role still has policies. */
export const DeleteConflict = defineError(
  'DeleteConflict',
  'Cannot delete entity, must delete policies first.',
  409,
);
/** A trust or permissions policy that is not valid JSON or not a policy. */
export const MalformedPolicyDocument = defineError(
  'MalformedPolicyDocument',
  'Syntax errors in policy.',
);
/** A parameter missing or out of its constraints (IAM's wording). */
export const ValidationError = defineError('ValidationError', 'Validation error.');
/** Cognito Identity: a login already linked elsewhere, or identities that cannot be merged. */
export const ResourceConflictException = defineError(
  'ResourceConflictException',
  'Resource conflict.',
);
/** Cognito Identity: the identity pool has no role for the caller (GetCredentialsForIdentity). */
export const InvalidIdentityPoolConfigurationException = defineError(
  'InvalidIdentityPoolConfigurationException',
  'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
);
/** Cognito Identity: a developer user identifier linked to another identity than the one named. */
export const DeveloperUserAlreadyRegisteredException = defineError(
  'DeveloperUserAlreadyRegisteredException',
  'The provided developer user identifier is already registered with Cognito under a different identity ID.',
);
