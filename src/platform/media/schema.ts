import { customType, foreignKey, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Raw bytes: node-postgres hands back a Buffer, PGlite a Uint8Array; both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array | string }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => (typeof value === 'string' ? Buffer.from(value.replace(/^\\x/, ''), 'hex') : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

/**
 * Pictures a city's people uploaded (event images; later business logos), keyed by the
 * city and the upload's content hash: the same file uploaded twice is stored once, and
 * one city's picture is never another's. App processes are stateless, so the bytes live
 * here, not on a disk. `city_id` has no foreign key: platform tables know no module.
 */
export const media = pgTable(
  'media',
  {
    cityId: uuid('city_id').notNull(),
    /** First 128 bits of the upload's SHA-256, hex. */
    hash: text('hash').notNull(),
    /** The upright picture's size at its largest stored width. */
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    /** The stored WebP widths, smallest first (the JPEG preview is in `media_variants` too). */
    widths: jsonb('widths').$type<number[]>().notNull(),
    sourceFormat: text('source_format').notNull(),
    sourceBytes: integer('source_bytes').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.hash] })],
);

/** The encoded files of one picture: `640.webp`, `1200.jpg`, … Written once, never changed. */
export const mediaVariants = pgTable(
  'media_variants',
  {
    cityId: uuid('city_id').notNull(),
    hash: text('hash').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.hash, t.name] }), foreignKey({ columns: [t.cityId, t.hash], foreignColumns: [media.cityId, media.hash] }).onDelete('cascade')],
);
