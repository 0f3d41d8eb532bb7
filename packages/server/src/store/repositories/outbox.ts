import { randomBytes } from 'node:crypto';
import type { Db } from '../open.ts';

let sequence = 0;

/**
 * A time-ordered id: sorting ids sorts messages by when they were recorded (a per-process
 * sequence orders messages of the same millisecond; the random tail keeps instances apart).
 */
function messageId(now: number): string {
  sequence = (sequence + 1) % 1_679_616;
  const seq = sequence.toString(36).padStart(4, '0');
  return `${now.toString(36).padStart(10, '0')}${seq}${randomBytes(6).toString('hex')}`;
}

/** A message the server sent or would have sent. */
export interface OutboxMessage {
  id?: string;
  userPoolId: string;
  username: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  subject?: string;
  body: string;
  code?: string;
  createdAt: number;
}

export async function insertMessage(db: Db, m: OutboxMessage): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      id: messageId(m.createdAt),
      user_pool_id: m.userPoolId,
      username: m.username,
      channel: m.channel,
      destination: m.destination,
      subject: m.subject ?? null,
      body: m.body,
      code: m.code ?? null,
      created_at: m.createdAt,
    })
    .execute();
}

/** Newest first. */
export async function listMessages(
  db: Db,
  filter: { username?: string; userPoolId?: string; limit: number },
): Promise<OutboxMessage[]> {
  let q = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.username) {
    const name = filter.username;
    // Users of email-as-username pools know their email, not their stored username.
    q = q.where((eb) => eb.or([eb('username', '=', name), eb('destination', '=', name)]));
  }
  if (filter.userPoolId) q = q.where('user_pool_id', '=', filter.userPoolId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    userPoolId: r.user_pool_id,
    username: r.username,
    channel: r.channel as 'EMAIL' | 'SMS',
    destination: r.destination,
    subject: r.subject ?? undefined,
    body: r.body,
    code: r.code ?? undefined,
    createdAt: Number(r.created_at),
  }));
}

/**
 * Deletes the messages recorded before `before` (epoch ms). Ids start with their time (see
 * messageId), so this is a range delete on the primary key.
 */
export async function deleteMessagesBefore(db: Db, before: number): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where('id', '<', before.toString(36).padStart(10, '0'))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
