export function AuthenticationPage(_p: { poolId: string }) {
  return <h1>Authentication</h1>;
}
