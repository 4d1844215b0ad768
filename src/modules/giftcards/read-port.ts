/**
 * What other modules may read of the gift card module's redemptions, without knowing
 * its tables: settlement runs aggregate millions of redemptions in set-based SQL, so
 * the port is a relation (a subquery with fixed column names) plus a detail look-up.
 *
 * `redemptionSource` columns: id, city_id, business_id, card_id, amount_ore,
 * created_at, reversed_at. Other modules select only these; the gift card module may
 * change its tables as long as this relation keeps them.
 *
 * `cardCampaignSource(cityId)` columns: card_id, campaign_id — the city's cards sold in
 * a co-funded campaign (settlement charges a campaign's own fee on them). Kept apart
 * from `redemptionSource` so a run over a city without campaigns reads no more than
 * before.
 */
import { inArray, and, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.js';
import { giftcardOrders, giftcards, redemptions } from './schema.js';

export const redemptionSource = sql`(select id, city_id, business_id, card_id, amount_ore, created_at, reversed_at from redemptions)`;

/** The city's campaign cards: card_id, campaign_id (from the order that sold them). */
export const cardCampaignSource = (cityId: string) =>
  sql`(select g.id as card_id, (o.sponsor->>'campaignId')::text as campaign_id
       from giftcard_orders o join giftcards g on g.order_id = o.id
       where o.city_id = ${cityId} and o.sponsor is not null)`;

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
  /** The campaign the card was sold in, if any. */
  campaignId: string | null;
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
        sponsor: giftcardOrders.sponsor,
      })
      .from(redemptions)
      .innerJoin(giftcards, eq(giftcards.id, redemptions.cardId))
      .innerJoin(giftcardOrders, eq(giftcardOrders.id, giftcards.orderId))
      .where(and(eq(redemptions.cityId, cityId), inArray(redemptions.id, chunk)));
    out.push(...rows.map(({ sponsor, ...r }) => ({ ...r, campaignId: sponsor?.campaignId ?? null })));
  }
  return out;
}
