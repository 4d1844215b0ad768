import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { anonymousActor } from '../auth/roles.js';
import type { AppEnv } from './types.js';
import { createMicroCache } from './micro-cache.js';

function app(cache: ReturnType<typeof createMicroCache>, loggedIn = false) {
  let renders = 0;
  const h = new Hono<AppEnv>();
  h.use('*', async (c, next) => {
    c.set('actor', loggedIn ? { ...anonymousActor, kind: 'user', id: 'u', label: 'user:u' } : anonymousActor);
    c.set('locale', 'sv');
    await next();
  });
  h.get('/page', cache.middleware, (c) => c.html(`<p>render ${++renders}</p>`));
  h.get('/missing', cache.middleware, (c) => c.html('nope', 404));
  return { h, renders: () => renders };
}

describe('micro-cache', () => {
  it('serves an anonymous page from memory for a few seconds, then renders again', async () => {
    let t = 0;
    const cache = createMicroCache({ ttlMs: 5000, now: () => t });
    const { h, renders } = app(cache);
    expect(await (await h.request('/page')).text()).toBe('<p>render 1</p>');
    expect(await (await h.request('/page')).text()).toBe('<p>render 1</p>');
    t = 5001;
    expect(await (await h.request('/page')).text()).toBe('<p>render 2</p>');
    cache.clear();
    expect(await (await h.request('/page')).text()).toBe('<p>render 3</p>');
    await h.request('/missing');
    await h.request('/missing');
    expect(renders()).toBe(3);
  });

  it('never caches what a logged-in person sees', async () => {
    const cache = createMicroCache({ ttlMs: 5000 });
    const { h } = app(cache, true);
    await h.request('/page');
    expect(await (await h.request('/page')).text()).toBe('<p>render 2</p>');
  });

  it('passes an event stream through untouched and never caches it', async () => {
    const cache = createMicroCache({ ttlMs: 5000 });
    const h = new Hono<AppEnv>();
    h.use('*', async (c, next) => {
      c.set('actor', anonymousActor);
      c.set('locale', 'sv');
      await next();
    });
    let opened = 0;
    h.get('/stream', cache.middleware, (c) => {
      opened++;
      // An endless body: reading it to the end (as caching would) never finishes.
      const body = new ReadableStream<Uint8Array>({ start: (ctl) => ctl.enqueue(new TextEncoder().encode(`data: ${opened}\n\n`)) });
      return c.body(body, 200, { 'Content-Type': 'text/event-stream' });
    });
    for (const n of [1, 2]) {
      const res = await h.request('/stream');
      const reader = res.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe(`data: ${n}\n\n`);
      await reader.cancel();
    }
    expect(opened).toBe(2);
  });
});
