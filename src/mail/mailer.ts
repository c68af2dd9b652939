import type { Logger } from 'pino'

/**
 * Outgoing email. The server talks to this interface only; the channels issue adds a Postmark
 * implementation. Until then the server logs that a message would be sent (never its secret parts)
 * and tests use `MemoryMailer` to read what was sent.
 */
export interface MailMessage {
  to: string
  subject: string
  text: string
  /** What kind of message this is (`portal_login`, `invitation`…), for logs and tests. */
  tag: string
  /** Extra message headers (`List-Unsubscribe`, `List-Unsubscribe-Post` of RFC 8058 one-click unsubscribe). */
  headers?: Record<string, string>
}

export interface Mailer {
  send(message: MailMessage): Promise<void>
}

/** Keeps messages in memory: the test harness reads them (magic-link codes, invitations). */
export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = []
  async send(message: MailMessage) {
    this.sent.push(message)
  }
  /** The last message sent to `to`. */
  lastTo(to: string): MailMessage | undefined {
    return this.sent.findLast((m) => m.to.toLowerCase() === to.toLowerCase())
  }
}

/**
 * The mailer when no transport is configured: it sends nothing and says so in the log (recipient and
 * tag only, never the body, which may hold a sign-in code).
 */
export class LogMailer implements Mailer {
  constructor(private readonly logger: Logger) {}
  async send(message: MailMessage) {
    this.logger.warn(
      { to: message.to, tag: message.tag },
      'no mail transport is configured: message not sent',
    )
  }
}
