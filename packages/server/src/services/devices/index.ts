// Devices: the pool's device tracking, the device a sign-in issues or proves (DEVICE_SRP_AUTH),
// ConfirmDevice and the device operations, and refresh tokens bound to their device.
//
// The protocol adapters import from this index; services import each other's files directly,
// so an index never takes part in an import loop.
export * from './device-ops.ts';
export * from './lookup.ts';
export * from './refresh.ts';
export * from './sign-in-step.ts';
