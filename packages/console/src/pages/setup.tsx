export function SetupPage(_p: { poolId: string }) {
  return <h1>Setup</h1>;
}
