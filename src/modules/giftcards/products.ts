/** The products a city sells, and the acceptance rules enforced at redemption. */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, type Actor } from '../../platform/auth/roles.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { DomainError, validationError } from '../../platform/errors.js';
import { createTtlCache } from '../../platform/ttl-cache.js';
import { categorySlugs } from '../members/index.js';
import { giftcardProducts } from './schema.js';

export type Product = typeof giftcardProducts.$inferSelect;

/** What every city starts with; the association may change or add products. */
export const defaultProducts = [
  {
    slug: 'presentkort',
    kind: 'giftcard',
    name: 'Presentkort',
    description: 'Gäller i alla medlemsbutiker, kaféer och restauranger som tar emot stadens presentkort.',
    minAmountOre: 10_000,
    maxAmountOre: 500_000,
    validityMonths: 24,
    designs: ['torget', 'jul', 'tack'],
    acceptedCategories: null,
    excludedCategories: [],
    allowsPartialUse: true,
  },
  {
    slug: 'lunchkuponger',
    kind: 'booklet',
    name: 'Lunchkuponger',
    description: 'Tio lunchkuponger à 80 kr att använda på stadens restauranger och kaféer.',
    couponCount: 10,
    couponValueOre: 8_000,
    priceOre: 80_000,
    validityMonths: 12,
    designs: ['lunch'],
    acceptedCategories: ['restaurang', 'kafe'],
    excludedCategories: [],
    allowsPartialUse: true,
  },
] as const;

export const MIN_VALIDITY_MONTHS = 12;

/**
 * What an association may change about a product. Validity is never under 12 months
 * (what a consumer authority finds reasonable). A booklet's price equals its face
 * value until co-funded campaigns let a sponsor pay the difference.
 */
export const ProductSettings = z
  .strictObject({
    name: z.string().trim().min(1, 'Ange ett namn.').max(80),
    description: z.string().trim().max(500),
    minAmountOre: z.number().int().min(100).max(10_000_000).optional(),
    maxAmountOre: z.number().int().min(100).max(10_000_000).optional(),
    validityMonths: z.number().int().min(MIN_VALIDITY_MONTHS, `Minst ${MIN_VALIDITY_MONTHS} månader.`).max(120),
    acceptedCategories: z.array(z.enum(categorySlugs)).nullable(),
    excludedCategories: z.array(z.enum(categorySlugs)),
    allowsPartialUse: z.boolean(),
    isActive: z.boolean(),
  })
  .refine((p) => p.minAmountOre === undefined || p.maxAmountOre === undefined || p.minAmountOre <= p.maxAmountOre, { message: 'Lägsta beloppet får inte vara högre än det högsta.', path: ['minAmountOre'] });
export type ProductSettings = z.infer<typeof ProductSettings>;

export function createProductCatalogue(db: Db, audit?: AuditLog) {
  // Every redemption reads its card's product; products change seldom.
  const byId = createTtlCache<Product | null>({ ttlMs: 30_000 });
  // And passes the ids of the products its business accepts (see acceptedAt).
  const ofCity = createTtlCache<Product[]>({ ttlMs: 30_000 });
  const forget = () => {
    byId.clear();
    ofCity.clear();
  };
  const catalogue = {
    /** Changes a product's terms; cards already sold keep the terms they were sold with. */
    async update(actor: Actor, cityId: string, productId: string, input: ProductSettings): Promise<Product> {
      authorize(actor, { cityId, roles: ['association-admin'] });
      const parsed = ProductSettings.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ path: '/' + i.path.map(String).join('/'), message: i.message, code: i.code })));
      return db.transaction(async (tx) => {
        const [current] = await tx.select().from(giftcardProducts).where(and(eq(giftcardProducts.id, productId), eq(giftcardProducts.cityId, cityId)));
        if (!current) throw new DomainError('giftcard.product_not_found', 'Produkten finns inte.');
        const amounts = current.kind === 'giftcard' ? { minAmountOre: parsed.data.minAmountOre ?? current.minAmountOre, maxAmountOre: parsed.data.maxAmountOre ?? current.maxAmountOre } : {};
        const { minAmountOre: _min, maxAmountOre: _max, ...rest } = parsed.data;
        const [row] = await tx.update(giftcardProducts).set({ ...rest, ...amounts }).where(eq(giftcardProducts.id, productId)).returning();
        await audit?.record({ cityId, actor, action: 'giftcard.product.update', entityType: 'giftcard_product', entityId: productId, data: { changed: Object.keys(parsed.data) } }, tx);
        return row!;
      }).finally(forget);
    },

    /** Every product of a city, inactive ones too (for the association). */
    async listAll(cityId: string): Promise<Product[]> {
      await catalogue.ensureDefaults(cityId);
      return db.select().from(giftcardProducts).where(eq(giftcardProducts.cityId, cityId)).orderBy(asc(giftcardProducts.name));
    },

    /** Every city sells the default products unless it changes them; created on first use. */
    async ensureDefaults(cityId: string, ex: Executor = db): Promise<void> {
      for (const p of defaultProducts) {
        await ex
          .insert(giftcardProducts)
          .values({ ...p, cityId, designs: [...p.designs], acceptedCategories: p.acceptedCategories ? [...p.acceptedCategories] : null, excludedCategories: [...p.excludedCategories] })
          .onConflictDoNothing();
      }
    },
    async list(cityId: string): Promise<Product[]> {
      const [any] = await db.select({ id: giftcardProducts.id }).from(giftcardProducts).where(eq(giftcardProducts.cityId, cityId)).limit(1);
      if (!any) await catalogue.ensureDefaults(cityId);
      return db.select().from(giftcardProducts).where(and(eq(giftcardProducts.cityId, cityId), eq(giftcardProducts.isActive, true))).orderBy(asc(giftcardProducts.name));
    },
    async getBySlug(cityId: string, slug: string, ex: Executor = db): Promise<Product> {
      const find = () => ex.select().from(giftcardProducts).where(and(eq(giftcardProducts.cityId, cityId), eq(giftcardProducts.slug, slug)));
      let [p] = await find();
      if (!p && defaultProducts.some((d) => d.slug === slug)) {
        await catalogue.ensureDefaults(cityId, ex);
        [p] = await find();
      }
      if (!p) throw new DomainError('giftcard.product_not_found', `Produkten ”${slug}” finns inte.`);
      return p;
    },
    /**
     * Which of the city's products (inactive ones too: their cards are still out there) a
     * business of `category` accepts, and which of those are used up by one redemption.
     * A redemption hands these to the database, so the rules stay in isAcceptedBy.
     * `fresh` skips the cache: a product created in another process moments ago.
     */
    async acceptedAt(cityId: string, category: string, options: { fresh?: boolean } = {}): Promise<{ accepted: string[]; singleUse: string[]; known: (productId: string) => boolean }> {
      if (options.fresh) ofCity.delete(cityId);
      const all = await ofCity.get(cityId, () => db.select().from(giftcardProducts).where(eq(giftcardProducts.cityId, cityId)));
      const accepted = all.filter((p) => isAcceptedBy(p, category));
      return { accepted: accepted.map((p) => p.id), singleUse: accepted.filter((p) => !p.allowsPartialUse).map((p) => p.id), known: (id) => all.some((p) => p.id === id) };
    },
    async getById(id: string, ex: Executor = db): Promise<Product | null> {
      return byId.get(id, async () => {
        const [p] = await ex.select().from(giftcardProducts).where(eq(giftcardProducts.id, id));
        return p ?? null;
      });
    },
  };
  return catalogue;
}

/** Whether a business of this category may accept the product. */
export function isAcceptedBy(product: Pick<Product, 'acceptedCategories' | 'excludedCategories'>, category: string): boolean {
  if (product.excludedCategories.includes(category)) return false;
  return product.acceptedCategories === null || product.acceptedCategories.includes(category);
}

/** Face value and price of one card of a product, for a chosen amount (gift cards) or fixed (booklets). */
export function priceOf(product: Product, amountOre: number | undefined): { faceValueOre: number; priceOre: number; coupons: number | null; couponValueOre: number | null } {
  if (product.kind === 'booklet') {
    const face = product.couponCount! * product.couponValueOre!;
    return { faceValueOre: face, priceOre: product.priceOre ?? face, coupons: product.couponCount!, couponValueOre: product.couponValueOre! };
  }
  if (amountOre === undefined || !Number.isSafeInteger(amountOre) || amountOre < (product.minAmountOre ?? 1) || amountOre > (product.maxAmountOre ?? Number.MAX_SAFE_INTEGER) || amountOre % 100 !== 0) {
    throw new DomainError('giftcard.amount_out_of_range', `Välj ett belopp i hela kronor mellan ${(product.minAmountOre ?? 0) / 100} och ${(product.maxAmountOre ?? 0) / 100} kr.`, {
      errors: [{ path: '/amountOre', message: 'Beloppet är utanför tillåtna gränser.', code: 'too_big' }],
    });
  }
  return { faceValueOre: amountOre, priceOre: amountOre, coupons: null, couponValueOre: null };
}

/** The last moment a card is valid: the end of the day, validity months after purchase. */
export function expiryFor(purchasedAt: Date, validityMonths: number): Date {
  const months = Math.max(MIN_VALIDITY_MONTHS, validityMonths);
  const d = new Date(purchasedAt);
  d.setUTCMonth(d.getUTCMonth() + months);
  d.setUTCHours(22, 59, 59, 0); // 23:59:59 in Stockholm in winter; never earlier than promised
  return d;
}
