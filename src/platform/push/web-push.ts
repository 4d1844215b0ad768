/**
 * Web Push (RFC 8030) with encrypted payloads (RFC 8291, aes128gcm) and VAPID (RFC
 * 8292). The `web-push` package encrypts and signs (`generateRequestDetails`); the
 * request itself goes out with fetch, with a timeout. The signing key is a P-256
 * private key; the public key browsers need for `applicationServerKey` is derived from it.
 */
import { createECDH } from 'node:crypto';
import webpush from 'web-push';

export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushSender {
  /** The VAPID public key, base64url (65 bytes uncompressed). */
  publicKey: string;
  /** `gone`: the push service forgot the subscription (404/410); stop using it. */
  send(subscription: PushSubscriptionJson, payload: string, options?: { ttlSeconds?: number }): Promise<'sent' | 'gone'>;
}

export function createPushSender(options: { privateKey: Buffer; subject: string }): PushSender {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(options.privateKey);
  const publicKey = ecdh.getPublicKey().toString('base64url');
  const vapidDetails = { subject: options.subject, publicKey, privateKey: options.privateKey.toString('base64url') };
  return {
    publicKey,
    async send(subscription, payload, sendOptions = {}) {
      const details = webpush.generateRequestDetails(subscription, payload, { vapidDetails, TTL: sendOptions.ttlSeconds ?? 300, contentEncoding: 'aes128gcm' });
      const res = await fetch(details.endpoint, {
        method: details.method,
        headers: details.headers as Record<string, string>,
        body: details.body ? new Uint8Array(details.body) : null,
        signal: AbortSignal.timeout(10_000),
        redirect: 'error',
      });
      await res.body?.cancel();
      if (res.status === 404 || res.status === 410) return 'gone';
      if (!res.ok) throw new Error(`push service answered ${res.status}`);
      return 'sent';
    },
  };
}

/**
 * A subscription as a browser serialises it; anything else is refused. Push services
 * speak https; plain http is allowed only off production (a local fake in tests), so
 * a subscription cannot make the server post into its own network.
 */
export function parseSubscription(value: unknown, options: { allowHttp?: boolean } = {}): PushSubscriptionJson | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
  if (typeof v.endpoint !== 'string' || !(options.allowHttp ? /^https?:\/\/\S{1,2000}$/ : /^https:\/\/\S{1,2000}$/).test(v.endpoint)) return null;
  const p256dh = v.keys?.p256dh;
  const auth = v.keys?.auth;
  if (typeof p256dh !== 'string' || typeof auth !== 'string') return null;
  if (Buffer.from(p256dh, 'base64url').length !== 65 || Buffer.from(auth, 'base64url').length !== 16) return null;
  return { endpoint: v.endpoint, keys: { p256dh, auth } };
}
