/**
 * The PostgreSQL pool, made so that no request waits on a database that has stopped
 * answering. Four limits, each for a different way the database can go away:
 *
 * - `connectMs` (pg-pool `connectionTimeoutMillis`): opening a connection, and waiting
 *   for a free one in the pool. Covers a server that is down, refusing, or whose
 *   address swallows the first packets.
 * - `statementMs` (PostgreSQL `statement_timeout`, sent when the connection opens): the
 *   server cancels a statement that runs too long (a lock wait, a runaway plan) and says
 *   so (SQLSTATE 57014), so a slow database answers instead of holding the request.
 * - `queryMs` (here, on the client): while a query is out, the connection is given up
 *   when the server has sent nothing for this long. This is the only limit that catches
 *   a connection gone silent: the socket stays open and no error ever comes (a frozen
 *   host, a firewall that drops packets without a reset, a stuck proxy). It is longer
 *   than `statementMs`, so a database that is merely slow is cancelled by the server
 *   first and the connection survives. A silent connection is destroyed, never handed
 *   back: its protocol state is unknown, and closing it makes the server roll back
 *   whatever transaction it had open.
 * - `keepAliveMs`: TCP keepalive on idle connections, so one whose peer vanished (host
 *   gone, no reset) is noticed by the kernel and dropped before a request picks it.
 *   It cannot see a peer whose TCP stack still answers (a stuck proxy); `queryMs` does.
 *
 * Long work (settlement runs, ledger verification, the CLI) raises the limits for one
 * transaction with `set local statement_timeout = N` (see `allowLongStatements`); the
 * client sees that statement and waits as long (plus the same margin) until the
 * transaction ends. `idle_in_transaction_session_timeout` makes the server end a
 * session left idle inside a transaction, so a client that vanished mid-transaction
 * cannot hold row locks until TCP gives up hours later.
 */
import pg from 'pg';

export interface PostgresTimeouts {
  /** Opening a connection, and waiting for a free one in the pool. */
  connectMs: number;
  /** The server cancels any one statement after this long (`statement_timeout`). */
  statementMs: number;
  /** The client gives a connection up after this long without a byte while a query is out. Longer than `statementMs`. */
  queryMs: number;
  /** `statement_timeout` inside transactions that ask for more (settlement runs, verification, the CLI). */
  longStatementMs: number;
  /** TCP keepalive: the first probe after this long idle; 0 turns keepalive off. */
  keepAliveMs: number;
}

export const defaultPostgresTimeouts: PostgresTimeouts = {
  connectMs: 5_000,
  statementMs: 10_000,
  queryMs: 12_000,
  longStatementMs: 15 * 60_000,
  keepAliveMs: 10_000,
};

/** The statement `allowLongStatements` sends; the client recognises it by this shape. */
const LONG_STATEMENT = /^\s*set\s+local\s+statement_timeout\s*=\s*(\d+)\s*$/i;
const TRANSACTION_END = /^\s*(commit|rollback|end|abort)\b/i;

/** The error a silent connection ends with: mapped to 503 like any lost connection. */
export class DatabaseSilentError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`PostgreSQL sent nothing for ${ms} ms while a query was waiting; the connection was closed`);
    this.name = 'DatabaseSilentError';
  }
}

type QueryText = string | { text?: string; submit?: unknown } | null | undefined;

interface ClientInternals {
  connection: { stream: { destroy(err?: Error): void }; on(event: string, listener: (...args: unknown[]) => void): void };
}

/**
 * A pg client that watches its own silence. `queryMs` is not pg's `query_timeout`:
 * that one stops waiting but leaves the connection in the pool with the old query
 * still owed an answer, so the next user of the connection hangs as well.
 */
function guardedClientClass(silenceMs: number, graceMs: number) {
  return class GuardedClient extends pg.Client {
    /** The current limit: `silenceMs`, or a long transaction's own. */
    private limitMs = silenceMs;
    /** Set for a whole session (migrations): transaction ends do not lower it. */
    private sessionLimitMs: number | null = null;
    private lastHeard = 0;
    private timer: NodeJS.Timeout | null = null;

    constructor(config?: string | pg.ClientConfig) {
      super(config);
      // A checked-out connection that dies emits 'error' with nobody listening (the pool
      // listens only while it is idle); its queries already fail with the error, so the
      // event itself must not take the process down.
      this.on('error', () => {});
      this.on('drain', () => this.disarm());
      const internals = this as unknown as ClientInternals;
      // Any message from the server (a row, a notice, the end of a query) is a sign of life.
      internals.connection.on('message', () => {
        this.lastHeard = Date.now();
      });
    }

    /** Back to the ordinary limit (a long transaction ended, or the pool took the client back). */
    resetLimit(): void {
      this.sessionLimitMs = null;
      this.limitMs = silenceMs;
    }

    /** Waits up to `ms` on every query of this session (the caller also raises the server's limit). */
    holdLimit(ms: number): void {
      this.sessionLimitMs = ms + graceMs;
      this.limitMs = this.sessionLimitMs;
    }

    // pg's query() has many overloads; this passes every call through unchanged.
    override query(...args: unknown[]): never {
      const first = args[0] as QueryText;
      const text = typeof first === 'string' ? first : typeof first?.text === 'string' ? first.text : null;
      if (text !== null) {
        const long = LONG_STATEMENT.exec(text);
        if (long) this.limitMs = Math.max(this.sessionLimitMs ?? silenceMs, Number(long[1]) + graceMs);
        else if (TRANSACTION_END.test(text)) this.limitMs = this.sessionLimitMs ?? silenceMs;
      }
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      this.arm();
      return result as never;
    }

    private arm(): void {
      this.lastHeard = Date.now();
      if (this.timer) return;
      const check = () => {
        const quiet = Date.now() - this.lastHeard;
        if (quiet >= this.limitMs) {
          this.timer = null;
          (this as unknown as ClientInternals).connection.stream.destroy(new DatabaseSilentError(this.limitMs));
          return;
        }
        this.timer = setTimeout(check, this.limitMs - quiet);
        this.timer.unref();
      };
      this.timer = setTimeout(check, this.limitMs);
      this.timer.unref();
    }

    private disarm(): void {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    }
  };
}

/** A pool whose connections carry the timeouts above. */
export function createGuardedPool(url: string, poolSize: number, timeouts: PostgresTimeouts = defaultPostgresTimeouts): pg.Pool {
  const grace = Math.max(0, timeouts.queryMs - timeouts.statementMs);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: timeouts.connectMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: timeouts.statementMs,
    // A session left idle inside a transaction (its client gone) is ended by the server.
    idle_in_transaction_session_timeout: Math.max(60_000, 2 * timeouts.queryMs),
    keepAlive: timeouts.keepAliveMs > 0,
    keepAliveInitialDelayMillis: timeouts.keepAliveMs,
    application_name: 'torget',
    Client: guardedClientClass(timeouts.queryMs, grace),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  pool.on('release', (_err: Error | undefined, client: pg.PoolClient) => (client as unknown as { resetLimit?: () => void }).resetLimit?.());
  return pool;
}

/** The statement that raises the limits for the rest of one transaction. */
export function longStatementSql(ms: number): string {
  return `set local statement_timeout = ${Math.max(1, Math.floor(ms))}`;
}
