export function UsersPage(_p: { poolId: string }) {
  return <h1>Users</h1>;
}
