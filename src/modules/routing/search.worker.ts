/**
 * Worker-thread entry: runs one search per message and posts the result back. Started
 * by `parallel.ts`; the model arrives as structured-cloned typed arrays.
 */
import { parentPort } from 'node:worker_threads';
import type { Model } from './model.js';
import { search, type SearchOptions } from './search.js';

interface Job {
  id: number;
  model: Model;
  options: SearchOptions;
}

parentPort?.on('message', (job: Job) => {
  try {
    parentPort!.postMessage({ id: job.id, result: search(job.model, job.options) });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});

parentPort?.postMessage({ ready: true });
