import type { AuditLog } from '../../platform/audit/audit.js';
import type { AuthService } from '../../platform/auth/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/database.js';
import type { ProblemRegistry } from '../../platform/errors.js';
import type { IdempotencyStore } from '../../platform/idempotency/index.js';
import type { Ledger } from '../../platform/ledger/index.js';
import type { Outbox } from '../../platform/messaging/outbox.js';
import type { RateLimiter } from '../../platform/ratelimit/limiter.js';
import type { CityService } from '../cities/index.js';
import type { MembersService } from '../members/index.js';
import type { GiftcardService } from './service.js';
import type { PaymentGateway } from './payment-gateway.js';

/** What the gift card pages and API use; app.ts passes the full services object. */
export interface GiftcardHttpDeps {
  config: Config;
  db: Db;
  cities: CityService;
  members: MembersService;
  auth: AuthService;
  giftcards: GiftcardService;
  ledger: Ledger;
  idempotency: IdempotencyStore;
  rateLimiter: RateLimiter;
  problems: ProblemRegistry;
  outbox: Outbox;
  audit: AuditLog;
  clock: Clock;
  payments: PaymentGateway;
  /** Running co-funded campaigns, shown on the buy page (the campaigns module fits). */
  campaigns?: { activeOffers(cityId: string): Promise<CampaignOffer[]> };
}

export interface CampaignOffer {
  slug: string;
  name: string;
  priceOre: number;
  cardValueOre: number;
  leftCards: number;
}
