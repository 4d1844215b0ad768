/**
 * One load-generator process for bench/live.bench.ts: opens many SSE connections to a
 * city's occupancy stream and reports, per round, when each connection saw the round's
 * marker count. Talks to the bench over IPC (`process.send`).
 */
import http from 'node:http';

interface Start {
  type: 'start';
  targets: Array<{ url: string; count: number }>;
  path: string;
}
interface Expect {
  type: 'expect';
  round: number;
  marker: string;
}

const now = () => performance.timeOrigin + performance.now();
const send = (m: unknown) => process.send?.(m);

interface Conn {
  tail: string;
  ready: boolean;
  seenAt: number | null;
}

const conns: Conn[] = [];
let marker: string | null = null;
let round = -1;
let failures = 0;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function open(url: string, path: string): Promise<void> {
  return new Promise((resolve) => {
    const conn: Conn = { tail: '', ready: false, seenAt: null };
    conns.push(conn);
    const req = http.get(new URL(path, url), { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const text = conn.tail + chunk;
        if (!conn.ready && text.includes('event: occupancy')) {
          conn.ready = true;
          resolve();
        }
        if (marker && conn.seenAt === null && text.includes(marker)) conn.seenAt = now();
        conn.tail = text.slice(-80);
      });
      res.on('error', () => failures++);
    });
    req.on('error', () => {
      failures++;
      resolve();
    });
  });
}

process.on('message', async (m: Start | Expect | { type: 'report' } | { type: 'stop' }) => {
  if (m.type === 'start') {
    let opened = 0;
    for (const t of m.targets) {
      // In batches, so the server's accept queue is not flooded at once.
      for (let i = 0; i < t.count; i += 100) {
        const batch = Math.min(100, t.count - i);
        await Promise.all(Array.from({ length: batch }, () => open(t.url, m.path)));
        opened += batch;
      }
    }
    send({ type: 'connected', opened, ready: conns.filter((c) => c.ready).length, failures });
  } else if (m.type === 'expect') {
    marker = m.marker;
    round = m.round;
    for (const c of conns) c.seenAt = null;
    send({ type: 'expecting', round });
  } else if (m.type === 'report') {
    send({ type: 'round', round, times: conns.map((c) => c.seenAt), failures });
  } else if (m.type === 'stop') {
    agent.destroy();
    process.exit(0);
  }
});
