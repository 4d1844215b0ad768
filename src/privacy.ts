/**
 * Privacy: how long each kind of personal data is kept, the sweep that enforces it,
 * and the admin tools that export or erase one person's data across modules.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { AuditLog } from './platform/audit/audit.js';
import { auditLog } from './platform/audit/schema.js';
import type { Actor } from './platform/auth/roles.js';
import { authorize } from './platform/auth/roles.js';
import type { AuthService } from './platform/auth/service.js';
import type { Clock } from './platform/clock.js';
import type { Db } from './platform/db/database.js';
import { DomainError } from './platform/errors.js';
import type { Outbox } from './platform/messaging/outbox.js';

/** Retention periods in days, per kind of personal data. Shown on the privacy page. */
export const retention = {
  sessions: { days: 30, sv: 'Inloggningar (sessioner)', en: 'Login sessions' },
  loginLinks: { days: 1, sv: 'Inloggningslänkar efter att de gått ut', en: 'Login links after expiry' },
  emails: { days: 90, sv: 'Skickade e-postmeddelanden', en: 'Sent e-mails' },
  auditIp: { days: 365, sv: 'IP-adresser i ändringsloggen', en: 'IP addresses in the audit log' },
} as const;

export function createPrivacyService(deps: { db: Db; auth: AuthService; outbox: Outbox; audit: AuditLog; clock: Clock }) {
  const { db, auth, outbox, audit, clock } = deps;
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 24 * 3600 * 1000);
  return {
    /** Deletes or anonymises what has passed its retention period. Run hourly. */
    async sweep(): Promise<{ sessions: number; emails: number; auditIps: number }> {
      const sessions = await auth.pruneSessions();
      const emails = await outbox.prune(retention.emails.days);
      const ips = await db.update(auditLog).set({ ip: null }).where(and(lt(auditLog.createdAt, daysAgo(retention.auditIp.days)))).returning({ id: auditLog.id });
      return { sessions, emails, auditIps: ips.length };
    },

    /** Everything Torget holds about one person who has a role in the admin's city. */
    async exportPerson(actor: Actor, cityId: string, email: string) {
      authorize(actor, { cityId, roles: ['association-admin'] });
      const user = await auth.findUserByEmail(email);
      if (!user || !(await auth.grantsOf(user.id)).some((g) => g.cityId === cityId)) throw new DomainError('not_found', 'Ingen person med den e-postadressen finns i staden.');
      const account = await auth.exportUser(user.id);
      const messages = (await outbox.list({ cityId })).filter((m) => m.recipient === user.email).map((m) => ({ subject: m.subject, createdAt: m.createdAt, status: m.status }));
      const actions = await db.select({ action: auditLog.action, createdAt: auditLog.createdAt, entityType: auditLog.entityType }).from(auditLog).where(eq(auditLog.actor, `user:${user.id}`));
      await audit.record({ cityId, actor, action: 'privacy.export', entityType: 'user', entityId: user.id });
      return { exportedAt: clock.now().toISOString(), account, messages, actions };
    },

    /** Erases a person: account, sessions, roles and messages. The audit log keeps only the id. */
    async erasePerson(actor: Actor, cityId: string, email: string): Promise<void> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      const user = await auth.findUserByEmail(email);
      if (!user || !(await auth.grantsOf(user.id)).some((g) => g.cityId === cityId)) throw new DomainError('not_found', 'Ingen person med den e-postadressen finns i staden.');
      await outbox.eraseRecipient(user.email);
      await auth.eraseUser(user.id);
      await audit.record({ cityId, actor, action: 'privacy.erase', entityType: 'user', entityId: user.id });
    },
  };
}
