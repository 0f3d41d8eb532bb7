import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Db } from '../../store/open.ts';
import { insertMessage, type OutboxMessage } from '../../store/repositories/outbox.ts';

/** One outgoing email or SMS. */
export type Message = Omit<OutboxMessage, 'id' | 'createdAt'> & {
  /** Why it is sent (Cognito's message source, e.g. `SignUp`): logged, not stored. */
  purpose?: string;
};

/**
 * The one way messages leave the server. `record` runs inside the operation's transaction;
 * `flush` sends what was recorded once the transaction has committed, so a rolled-back
 * operation never mails anyone.
 */
export interface Delivery {
  /** Records a message to send; returns nothing until flushed. */
  record(db: Db, message: Message, now: number): Promise<void>;
  /** Sends recorded messages after commit. Failures are logged (the write already stands). */
  flush(messages: Message[]): Promise<void>;
  /** True when messages go to the dev outbox (no SMTP). */
  readonly outbox: boolean;
}

/** SMTP settings for nodemailer. */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
}

/**
 * Builds the delivery: SMTP when configured (SMS, which has no SMTP form, still lands in the
 * outbox); otherwise every message is kept in the dev outbox and logged.
 */
export function createDelivery(smtp: SmtpSettings | undefined, log: Logger): Delivery {
  // nodemailer is loaded with the first email, not at start: most servers (the dev outbox) never
  // send one, and it is a large module graph to hold in memory for nothing.
  let transport: Promise<Transporter> | undefined;
  const transportOf = (settings: SmtpSettings) => {
    transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
        // Local SMTP servers in development rarely have trusted certificates.
        tls: { rejectUnauthorized: false },
      }),
    );
    return transport;
  };
  return {
    outbox: !smtp,
    async record(db, message, now) {
      if (!smtp || message.channel === 'SMS') {
        await insertMessage(db, { ...message, createdAt: now });
        log.info(
          {
            outbox: {
              to: message.destination,
              channel: message.channel,
              pool: message.userPoolId,
              code: message.code,
              purpose: message.purpose,
            },
          },
          `dev outbox: ${message.channel} to ${message.destination}: ${message.body}`,
        );
      }
    },
    async flush(messages) {
      if (!smtp) return;
      for (const m of messages) {
        if (m.channel !== 'EMAIL') continue;
        try {
          await (await transportOf(smtp)).sendMail({
            from: smtp.from,
            to: m.destination,
            subject: m.subject ?? '',
            text: m.body,
          });
        } catch (err) {
          log.error({ err, pool: m.userPoolId }, 'email delivery failed');
        }
      }
    },
  };
}
