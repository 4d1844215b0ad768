/** "2026-12-11 11:30" in Stockholm time, for lists of events such as e-mails. */
export function formatDateTimeShort(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at);
}
