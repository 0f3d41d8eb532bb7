export function UserDetailPage(_p: { poolId: string; username: string }) {
  return <h1>UserDetail</h1>;
}
