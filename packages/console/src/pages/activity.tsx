export function ActivityPage(_p: { poolId: string }) {
  return <h1>Activity</h1>;
}
