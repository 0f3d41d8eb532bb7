// SigV4 verification lives in services/crypto/sigv4.ts (services check identity-pool
// credentials with it); the protocol adapters keep importing it from here.
export * from '../services/crypto/sigv4.ts';

/** The regions a management call's credential scope may name (config `regions`, else `region`). */
export function signingRegions(ctx: {
  region: string;
  signingRegions?: readonly string[];
}): readonly string[] {
  return ctx.signingRegions && ctx.signingRegions.length > 0 ? ctx.signingRegions : [ctx.region];
}
