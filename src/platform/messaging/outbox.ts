/**
 * The outbox: messages are written in the same transaction as the change that causes
 * them and delivered afterwards by a job. In the embedded default there is no SMTP
 * server: messages land in the dev mailbox page instead, so a newcomer can click a
 * magic link. Failures are recorded and can be resent to a corrected address.
 */
import { and, desc, eq, lte, or, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db/database.js';
import type { Logger } from '../logger.js';
import { outboxMessages } from './schema.js';

export interface EmailMessage {
  cityId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  template: string;
  /** The body holds a secret link or code. */
  sensitive?: boolean;
  meta?: Record<string, unknown>;
  /** Not before this moment (a gift card sent on a chosen day). */
  sendAt?: Date;
}

/**
 * Renders a message's final content when it is sent. Messages whose content is secret
 * (a gift card code) are stored without it and rendered at the last moment, so the
 * secret never rests in the outbox table.
 */
export type MessageRenderer = (message: OutboxMessage) => Promise<{ subject?: string; text: string; html?: string; attachments?: Attachment[] } | null>;

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface MailTransport {
  kind: 'smtp' | 'dev';
  send(message: { from: string; to: string; subject: string; text: string; html?: string; attachments?: Attachment[] }): Promise<void>;
}

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(m) {
      await transporter.sendMail(m);
    },
  };
}

/** Delivers nothing: the dev mailbox page reads the outbox directly. */
export const devTransport: MailTransport = { kind: 'dev', async send() {} };

export type Outbox = ReturnType<typeof createOutbox>;
export type OutboxMessage = typeof outboxMessages.$inferSelect;

export function createOutbox(deps: { db: Db; clock: Clock; log: Logger; transport: MailTransport; from: string }) {
  const { db, clock, log, transport, from } = deps;
  const renderers = new Map<string, MessageRenderer>();

  async function contentOf(m: OutboxMessage): Promise<{ subject: string; text: string; html?: string; attachments: Attachment[] }> {
    const renderer = renderers.get(m.template);
    const rendered = renderer ? await renderer(m) : null;
    if (renderer && !rendered) throw new Error(`nothing to render for ${m.template}`);
    return {
      subject: rendered?.subject ?? m.subject,
      text: rendered?.text ?? m.textBody,
      ...((rendered?.html ?? m.htmlBody) ? { html: (rendered?.html ?? m.htmlBody)! } : {}),
      attachments: rendered?.attachments ?? [],
    };
  }

/** Many messages in few statements (a bulk order's cards). */
  async function enqueueEmails(messages: EmailMessage[], ex: Executor = db): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < messages.length; i += 500) {
      const rows = await ex
        .insert(outboxMessages)
        .values(messages.slice(i, i + 500).map((message) => ({
        cityId: message.cityId,
        recipient: message.to.trim().toLowerCase(),
        subject: message.subject,
        textBody: message.text,
        htmlBody: message.html ?? null,
        template: message.template,
        isSensitive: message.sensitive ? 1 : 0,
        meta: message.meta ?? {},
        createdAt: clock.now(),
        nextAttemptAt: message.sendAt ?? clock.now(),
      })))
        .returning({ id: outboxMessages.id });
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  }

  return {
    transportKind: transport.kind,

    /** Registers the renderer for a template whose content is made at send time. */
    registerRenderer(template: string, renderer: MessageRenderer): void {
      renderers.set(template, renderer);
    },

    /** The message as it will be (or was) sent; for the dev mailbox. */
    contentOf,

    async enqueueEmail(message: EmailMessage, ex: Executor = db): Promise<string> {
      const [id] = await enqueueEmails([message], ex);
      return id!;
    },

    enqueueEmails,

    /** Sends what is due (optionally one city's only); returns the number sent. Called by the job runner. */
    async deliverPending(limit = 50, scope: { cityId?: string } = {}): Promise<number> {
      const due = await db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.status, 'pending'), lte(outboxMessages.nextAttemptAt, clock.now()), scope.cityId ? eq(outboxMessages.cityId, scope.cityId) : undefined))
        .orderBy(outboxMessages.createdAt)
        .limit(limit);
      let sent = 0;
      for (const m of due) {
        // Claim the row first so two processes never send the same message.
        const claimed = await db
          .update(outboxMessages)
          .set({ status: 'sending', attempts: sql`${outboxMessages.attempts} + 1` })
          .where(and(eq(outboxMessages.id, m.id), eq(outboxMessages.status, 'pending')))
          .returning({ id: outboxMessages.id });
        if (claimed.length === 0) continue;
        try {
          const content = await contentOf(m);
          await transport.send({ from, to: m.recipient, ...content });
          await db.update(outboxMessages).set({ status: 'sent', sentAt: clock.now(), lastError: null }).where(eq(outboxMessages.id, m.id));
          sent++;
        } catch (err) {
          const attempts = m.attempts + 1;
          const failed = attempts >= 5;
          const error = err instanceof Error ? err.message : String(err);
          await db
            .update(outboxMessages)
            .set({ status: failed ? 'failed' : 'pending', lastError: error.slice(0, 500), nextAttemptAt: new Date(clock.now().getTime() + 60_000 * 2 ** attempts) })
            .where(eq(outboxMessages.id, m.id));
          // The recipient and template are logged; the body (which may hold a link) never is.
          log.warn({ messageId: m.id, template: m.template, attempts, error }, 'e-mail delivery failed');
        }
      }
      return sent;
    },

    async list(options: { cityId?: string | null; status?: string; limit?: number } = {}): Promise<OutboxMessage[]> {
      return db
        .select()
        .from(outboxMessages)
        .where(
          and(
            options.cityId === undefined ? undefined : options.cityId === null ? sql`${outboxMessages.cityId} is null` : eq(outboxMessages.cityId, options.cityId),
            options.status ? eq(outboxMessages.status, options.status) : undefined,
          ),
        )
        .orderBy(desc(outboxMessages.createdAt))
        .limit(Math.min(options.limit ?? 100, 500));
    },

    async get(id: string): Promise<OutboxMessage | null> {
      const [m] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
      return m ?? null;
    },

    /** Queues a failed (or any) message again, optionally to a corrected address. */
    async resend(cityId: string, id: string, correctedRecipient?: string): Promise<boolean> {
      const rows = await db
        .update(outboxMessages)
        .set({ status: 'pending', nextAttemptAt: clock.now(), attempts: 0, lastError: null, ...(correctedRecipient ? { recipient: correctedRecipient.trim().toLowerCase() } : {}) })
        .where(and(eq(outboxMessages.id, id), eq(outboxMessages.cityId, cityId), or(eq(outboxMessages.status, 'failed'), eq(outboxMessages.status, 'sent'))))
        .returning({ id: outboxMessages.id });
      return rows.length > 0;
    },

    /** Deletes messages older than the retention period; bodies can hold personal data. */
    async prune(olderThanDays: number): Promise<number> {
      const cutoff = new Date(clock.now().getTime() - olderThanDays * 24 * 3600 * 1000);
      const rows = await db.delete(outboxMessages).where(lte(outboxMessages.createdAt, cutoff)).returning({ id: outboxMessages.id });
      return rows.length;
    },

    async eraseRecipient(email: string): Promise<number> {
      const rows = await db.delete(outboxMessages).where(eq(outboxMessages.recipient, email.trim().toLowerCase())).returning({ id: outboxMessages.id });
      return rows.length;
    },
  };
}
