/**
 * Swedish search over a city's businesses: stemmed full-text with prefix matching
 * ("kaffe" finds "Kaffebaren") first, then trigram fuzzy matching ("kafe", "kafee")
 * for what full-text misses. Results sort by that tier, then in Swedish alphabetical
 * order through a stored sort key, so PGlite and PostgreSQL order alike whatever their
 * collations. Keyset cursors keep pages stable while the list changes.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { normalizeForSearch } from '../../platform/text/swedish-sort.js';
import { businesses } from './schema.js';

export interface SearchFilters {
  q?: string;
  category?: string[];
  services?: string[];
  includeArchived?: boolean;
}

export interface Cursor {
  tier: number;
  sortKey: string;
  id: string;
}

/** Minimum trigram word similarity for a fuzzy hit; 0.4 keeps "kafe"→"kafé" and drops noise. */
export const FUZZY_THRESHOLD = 0.4;

export function searchWords(q: string): string[] {
  return normalizeForSearch(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.tier, c.sortKey, c.id])).toString('base64url');
}

export function decodeCursor(raw: string): Cursor | null {
  try {
    const [tier, sortKey, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof tier !== 'number' || typeof sortKey !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return null;
    return { tier, sortKey, id };
  } catch {
    return null;
  }
}

/** The WHERE clause, the tier expression and ORDER BY for a search. */
export function buildSearch(cityId: string, filters: SearchFilters) {
  const where: Array<SQL | undefined> = [eq(businesses.cityId, cityId)];
  if (!filters.includeArchived) where.push(isNull(businesses.archivedAt));
  if (filters.category?.length) where.push(sql`${businesses.category} in (${sql.join(filters.category.map((c) => sql`${c}`), sql`, `)})`);
  for (const s of filters.services ?? []) where.push(sql`${businesses.services} @> ${JSON.stringify([s])}::jsonb`);

  // A cast, not a bare 0: ORDER BY 0 would mean "column number 0".
  let tier: SQL = sql`0::int`;
  const words = filters.q ? searchWords(filters.q) : [];
  if (words.length > 0) {
    const tsquery = words.map((w) => `${w.replace(/[^\p{L}\p{N}]/gu, '')}:*`).join(' & ');
    const phrase = words.join(' ');
    const fullText = sql`${businesses.searchVector} @@ to_tsquery('swedish'::regconfig, ${tsquery})`;
    const substring = sql`${businesses.searchText} like ${'%' + phrase.replace(/[%_\\]/g, '') + '%'}`;
    const fuzzy = sql`word_similarity(${phrase}, ${businesses.searchText}) >= ${FUZZY_THRESHOLD}`;
    where.push(sql`(${fullText} or ${substring} or ${fuzzy})`);
    tier = sql`(case when ${fullText} or ${substring} then 0 else 1 end)`;
  }
  return { where: and(...where), tier };
}

export function afterCursor(tier: SQL, cursor: Cursor | null): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${tier}, ${businesses.sortKey} collate "C", ${businesses.id}) > (${cursor.tier}, ${cursor.sortKey} collate "C", ${cursor.id}::uuid)`;
}
