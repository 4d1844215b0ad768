/**
 * What other modules may read of the gift card module's redemptions, without knowing
 * its tables: settlement runs aggregate millions of redemptions in set-based SQL, so
 * the port is a relation (a subquery with fixed column names) plus a detail look-up.
 *
 * `redemptionSource` columns: id, city_id, business_id, card_id, amount_ore,
 * created_at, reversed_at. Other modules select only these; the gift card module may
 * change its tables as long as this relation keeps them.
 */
import { inArray, and, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.js';
import { giftcards, redemptions } from './schema.js';

export const redemptionSource = sql`(select id, city_id, business_id, card_id, amount_ore, created_at, reversed_at from redemptions)`;

export interface RedemptionDetail {
  id: string;
  businessId: string;
  amountOre: number;
  receiptNumber: string;
  createdAt: Date;
  reversedAt: Date | null;
  cardId: string;
  cardLast4: string;
  /** What was paid for the card: by its buyer, by a sponsor (campaigns), and its face value. */
  cardPaidOre: number;
  cardSponsorOre: number;
  cardFaceValueOre: number;
}

/** The given redemptions of the city, with what was paid for each card (statements). */
export async function redemptionDetails(ex: Executor, cityId: string, ids: readonly string[]): Promise<RedemptionDetail[]> {
  const out: RedemptionDetail[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await ex
      .select({
        id: redemptions.id,
        businessId: redemptions.businessId,
        amountOre: redemptions.amountOre,
        receiptNumber: redemptions.receiptNumber,
        createdAt: redemptions.createdAt,
        reversedAt: redemptions.reversedAt,
        cardId: giftcards.id,
        cardLast4: giftcards.codeLast4,
        cardPaidOre: giftcards.paidOre,
        cardSponsorOre: giftcards.sponsorOre,
        cardFaceValueOre: giftcards.faceValueOre,
      })
      .from(redemptions)
      .innerJoin(giftcards, eq(giftcards.id, redemptions.cardId))
      .where(and(eq(redemptions.cityId, cityId), inArray(redemptions.id, chunk)));
    out.push(...rows);
  }
  return out;
}
