/**
 * A small Server-Sent Events reader for tests: parses `event`, `id` and `data` lines
 * from a fetch Response body and hands out events one at a time.
 */
export interface SseEvent {
  event: string;
  id: string | null;
  data: string;
}

export interface SseReader {
  /** The next event, or a rejection after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** Comment lines seen so far (heartbeats). */
  comments: string[];
  close(): Promise<void>;
}

export function readSse(res: Response): SseReader {
  if (!res.body) throw new Error('no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const queue: SseEvent[] = [];
  const waiters: Array<(e: SseEvent) => void> = [];
  const comments: string[] = [];
  let buffer = '';
  let closed = false;
  const deliver = (e: SseEvent) => {
    const w = waiters.shift();
    if (w) w(e);
    else queue.push(e);
  };
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          let id: string | null = null;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            else if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('id:')) id = line.slice(3).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (data.length > 0) deliver({ event, id, data: data.join('\n') });
        }
      }
    } catch {
      /* closed */
    }
  })();
  return {
    comments,
    next(timeoutMs = 5000) {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiters.indexOf(done);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`no SSE event within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (e: SseEvent) => {
          clearTimeout(timer);
          resolve(e);
        };
        waiters.push(done);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await reader.cancel().catch(() => {});
    },
  };
}
