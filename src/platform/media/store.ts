/**
 * The media store: prepares uploads (`image.ts`), keeps them in the database under the
 * city and the content hash, and reads them back for `/media/…`. Modules attach a
 * picture by keeping its `MediaImage` (hash, size, widths) on their own row, and save a
 * new upload in the same transaction as that row, so a failed form leaves nothing behind.
 */
import { and, eq } from 'drizzle-orm';
import type { AuditLog } from '../audit/audit.js';
import { authorize, type Actor } from '../auth/roles.js';
import type { Db, Executor } from '../db/database.js';
import { DomainError } from '../errors.js';
import { prepareImage, type PreparedImage } from './image.js';
import { media, mediaVariants } from './schema.js';

/** What a module keeps to show a picture: enough to build every URL without a query. */
export interface MediaImage {
  hash: string;
  width: number;
  height: number;
  /** WebP widths stored, smallest first. */
  widths: number[];
  /** The JPEG preview's width (Open Graph). */
  jpegWidth: number;
}

export type MediaStore = ReturnType<typeof createMediaStore>;

/** Decoding takes a core and up to a few hundred MB for a large photo: at most this many at once per process. */
const PARALLEL_PREPARES = 2;
/** Hot files (the list's thumbnails) stay in memory; they never change, so only size bounds it. */
const CACHE_BYTES = 32 * 1024 * 1024;
const CACHE_TTL_MS = 10 * 60_000;

export const isMediaHash = (value: string): boolean => /^[0-9a-f]{32}$/.test(value);

export function createMediaStore(deps: { db: Db; audit: AuditLog }) {
  const { db, audit } = deps;

  let running = 0;
  const waiting: Array<() => void> = [];
  async function limited<T>(work: () => Promise<T>): Promise<T> {
    if (running < PARALLEL_PREPARES) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // a finishing one hands over its slot
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }

  const cache = new Map<string, { at: number; contentType: string; data: Buffer }>();
  let cachedBytes = 0;
  const forget = (key: string) => {
    const hit = cache.get(key);
    if (hit) {
      cachedBytes -= hit.data.length;
      cache.delete(key);
    }
  };

  async function get(cityId: string, hash: string, executor: Executor = db): Promise<MediaImage | null> {
    if (!isMediaHash(hash)) return null;
    const [row] = await executor.select().from(media).where(and(eq(media.cityId, cityId), eq(media.hash, hash)));
    if (!row) return null;
    const [jpeg] = await executor.select({ width: mediaVariants.width }).from(mediaVariants).where(and(eq(mediaVariants.cityId, cityId), eq(mediaVariants.hash, hash), eq(mediaVariants.contentType, 'image/jpeg')));
    return { hash: row.hash, width: row.width, height: row.height, widths: row.widths, jpegWidth: jpeg?.width ?? row.width };
  }

  /**
   * Stores a prepared image for the city, inside the caller's transaction. The same
   * file again is the same row (its first stored form is kept). Authorisation is the
   * caller's: it stores the image because it may change the row it attaches it to.
   */
  async function save(executor: Executor, cityId: string, image: PreparedImage, createdBy: string): Promise<MediaImage> {
    const inserted = await executor
      .insert(media)
      .values({ cityId, hash: image.hash, width: image.width, height: image.height, widths: image.variants.filter((v) => v.format === 'webp').map((v) => v.width), sourceFormat: image.sourceFormat, sourceBytes: image.sourceBytes, createdBy })
      .onConflictDoNothing()
      .returning({ hash: media.hash });
    if (inserted.length > 0) {
      await executor.insert(mediaVariants).values(image.variants.map((v) => ({ cityId, hash: image.hash, name: v.name, contentType: v.contentType, width: v.width, height: v.height, data: v.data })));
    }
    const stored = await get(cityId, image.hash, executor);
    if (!stored) throw new Error(`media ${image.hash} vanished while it was saved`);
    return stored;
  }

  return {
    /** Decodes, checks and re-encodes an upload (no database). Throws `media.*` for anything refused. */
    prepare: (bytes: Uint8Array): Promise<PreparedImage> => limited(() => prepareImage(bytes)),

    /** Uploads being decoded in this process now, and waiting for their turn. */
    load: () => ({ decoding: running, queued: waiting.length }),

    save,

    /** An upload through the API: the association's admins store a picture for later use. */
    async upload(actor: Actor, cityId: string, bytes: Uint8Array): Promise<MediaImage> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      const prepared = await limited(() => prepareImage(bytes));
      return db.transaction(async (tx) => {
        const stored = await save(tx, cityId, prepared, actor.label);
        await audit.record({ cityId, actor, action: 'media.upload', entityType: 'media', entityId: stored.hash, data: { bytes: prepared.sourceBytes, format: prepared.sourceFormat, width: stored.width, height: stored.height } }, tx);
        return stored;
      });
    },

    /** The city's picture with this hash, or null (another city's hash is null too). */
    get,

    /** Like `get`, but a missing picture is `media.not_found`. */
    async require(cityId: string, hash: string, executor: Executor = db): Promise<MediaImage> {
      const found = await get(cityId, hash, executor);
      if (!found) throw new DomainError('media.not_found', 'Bilden finns inte i den här staden.');
      return found;
    },

    /** One stored file (`640.webp`), for `/media/…`; null when the city has no such file. */
    async file(cityId: string, hash: string, name: string): Promise<{ contentType: string; data: Buffer } | null> {
      const key = `${cityId}/${hash}/${name}`;
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < CACHE_TTL_MS) {
        cache.delete(key); // most recently used goes last
        cache.set(key, hit);
        return hit;
      }
      forget(key);
      const [row] = await db
        .select({ contentType: mediaVariants.contentType, data: mediaVariants.data })
        .from(mediaVariants)
        .where(and(eq(mediaVariants.cityId, cityId), eq(mediaVariants.hash, hash), eq(mediaVariants.name, name)));
      if (!row) return null;
      if (row.data.length <= CACHE_BYTES / 8) {
        cache.set(key, { at: Date.now(), ...row });
        cachedBytes += row.data.length;
        while (cachedBytes > CACHE_BYTES) forget(cache.keys().next().value!);
      }
      return row;
    },

    /** Deletes a picture and its files (the owner knows nothing else uses it). */
    async remove(executor: Executor, cityId: string, hash: string): Promise<void> {
      await executor.delete(media).where(and(eq(media.cityId, cityId), eq(media.hash, hash)));
      for (const key of [...cache.keys()]) if (key.startsWith(`${cityId}/${hash}/`)) forget(key);
    },
  };
}
