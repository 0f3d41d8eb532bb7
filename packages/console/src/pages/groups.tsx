export function GroupsPage(_p: { poolId: string; groupName?: string }) {
  return <h1>Groups</h1>;
}
