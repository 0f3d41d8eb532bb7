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
  /**
   * Accept a certificate that does not verify (config `smtp.allowInvalidCertificates`). Off,
   * the server's certificate must chain to a trusted root and name `host`, over implicit TLS
   * and STARTTLS alike, before the password or any message is sent.
   */
  allowInvalidCertificates?: boolean;
  /**
   * Send only over an encrypted connection (config `smtp.requireTls`): without `secure`, a
   * server that does not offer STARTTLS gets nothing. Unset: required unless `host` is loopback.
   */
  requireTls?: boolean;
}

/** A host only this machine answers on: `localhost`, 127.0.0.0/8 or ::1. */
function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || h.startsWith('127.');
}

/** Whether mail to `settings` must go over TLS: STARTTLS unless `secure` already is. */
export function mustEncrypt(settings: Pick<SmtpSettings, 'host' | 'requireTls'>): boolean {
  return settings.requireTls ?? !isLoopbackHost(settings.host);
}

/** How messages that stay on the server are kept. */
export interface DeliveryOptions {
  /**
   * Keep each message's code in the outbox (and the log) for the dev outbox to show. Off (the
   * dev outbox is not served), the code is dropped and masked in the stored body and the log
   * line: a table of live codes would be one more secret to protect.
   */
  keepCodes: boolean;
}

/** The body with its code masked, for an outbox nobody reads codes from. */
function withoutCode(message: Message): Message {
  const { code, ...rest } = message;
  if (!code) return rest;
  return { ...rest, body: rest.body.replaceAll(code, '*'.repeat(code.length)) };
}

/**
 * Builds the delivery: SMTP when configured (SMS, which has no SMTP form, still lands in the
 * outbox); otherwise every message is kept in the dev outbox and logged.
 */
export function createDelivery(
  smtp: SmtpSettings | undefined,
  log: Logger,
  opts: DeliveryOptions = { keepCodes: true },
): Delivery {
  if (smtp?.allowInvalidCertificates) {
    log.warn(
      { smtp: { host: smtp.host, port: smtp.port } },
      'SMTP CERTIFICATES ARE NOT VERIFIED (smtp.allowInvalidCertificates): anyone between this server and the mail server can read the SMTP password and every code. Use it for a local relay only.',
    );
  }
  // nodemailer is loaded with the first email, not at start: most servers (the dev outbox) never
  // send one, and it is a large module graph to hold in memory for nothing.
  let transport: Promise<Transporter> | undefined;
  const transportOf = (settings: SmtpSettings) => {
    transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        // A server that does not offer STARTTLS would otherwise get the password in clear.
        requireTLS: !settings.secure && mustEncrypt(settings),
        auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
        // Verified unless explicitly relaxed; servername makes the name check (and SNI) use
        // the configured host even when it is an address.
        tls: {
          rejectUnauthorized: !settings.allowInvalidCertificates,
          servername: settings.host,
        },
      }),
    );
    return transport;
  };
  return {
    outbox: !smtp,
    async record(db, message, now) {
      if (!smtp || message.channel === 'SMS') {
        if (!opts.keepCodes) message = withoutCode(message);
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
