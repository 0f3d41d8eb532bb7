// IAM roles and their inline policies (IAM's Query API shapes): what identity pools hand out and
// what @cognate/sigv4 evaluates a signed request against.
export * from './roles.ts';
export * from './validation.ts';
