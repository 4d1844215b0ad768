import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The client's address. Behind N trusted proxies the Nth address from the right of
 * X-Forwarded-For is the client; anything further left was written by the client and
 * cannot be trusted (it would let an attacker dodge per-address rate limits).
 */
export function clientIp(c: Context, trustedProxyHops: number): string {
  let socketIp = '127.0.0.1';
  try {
    socketIp = getConnInfo(c).remote.address ?? socketIp;
  } catch {
    // app.request() in tests has no socket.
  }
  if (trustedProxyHops === 0) return socketIp;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustedProxyHops] ?? forwarded[0] ?? socketIp;
}
