CREATE TABLE "payout_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"clearing" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "payout_accounts_kind_check" CHECK ("payout_accounts"."kind" in ('bankgiro', 'plusgiro', 'bank')),
	CONSTRAINT "payout_accounts_status_check" CHECK ("payout_accounts"."status" in ('pending', 'confirmed', 'replaced', 'rejected')),
	CONSTRAINT "payout_accounts_clearing_check" CHECK (("payout_accounts"."kind" = 'bank') = ("payout_accounts"."clearing" is not null)),
	CONSTRAINT "payout_accounts_two_people_check" CHECK ("payout_accounts"."status" <> 'confirmed' or "payout_accounts"."decided_by" <> "payout_accounts"."proposed_by")
);
--> statement-breakpoint
CREATE TABLE "campaign_reservations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"buyer_email" text NOT NULL,
	"quantity" integer NOT NULL,
	"order_id" uuid,
	"status" text DEFAULT 'reserved' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_reservations_status_check" CHECK ("campaign_reservations"."status" in ('reserved', 'paid', 'released'))
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"product_slug" text NOT NULL,
	"face_value_ore" bigint,
	"price_ore" bigint NOT NULL,
	"sponsor_name" text NOT NULL,
	"sponsor_org_number" text,
	"sponsor_email" text NOT NULL,
	"cap_cards" integer NOT NULL,
	"per_buyer_cap" integer,
	"reserved_cards" integer DEFAULT 0 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"return_on_expiry" boolean DEFAULT false NOT NULL,
	"fee_bp" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "campaigns_cap_check" CHECK ("campaigns"."reserved_cards" >= 0 and "campaigns"."reserved_cards" <= "campaigns"."cap_cards"),
	CONSTRAINT "campaigns_kind_check" CHECK ("campaigns"."kind" in ('sale', 'promo')),
	CONSTRAINT "campaigns_dates_check" CHECK ("campaigns"."starts_at" < "campaigns"."ends_at"),
	CONSTRAINT "campaigns_fee_check" CHECK ("campaigns"."fee_bp" is null or ("campaigns"."fee_bp" >= 0 and "campaigns"."fee_bp" <= 10000))
);
--> statement-breakpoint
ALTER TABLE "giftcard_orders" ADD COLUMN "sponsor" jsonb;--> statement-breakpoint
ALTER TABLE "settlement_runs" ADD COLUMN "first_approved_by" text;--> statement-breakpoint
ALTER TABLE "settlement_runs" ADD COLUMN "first_approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payout_accounts" ADD CONSTRAINT "payout_accounts_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_reservations" ADD CONSTRAINT "campaign_reservations_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_reservations" ADD CONSTRAINT "campaign_reservations_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payout_accounts_city_business_idx" ON "payout_accounts" USING btree ("city_id","business_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_accounts_one_confirmed" ON "payout_accounts" USING btree ("business_id") WHERE "payout_accounts"."status" = 'confirmed';--> statement-breakpoint
CREATE UNIQUE INDEX "payout_accounts_one_pending" ON "payout_accounts" USING btree ("business_id") WHERE "payout_accounts"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "campaign_reservations_buyer_idx" ON "campaign_reservations" USING btree ("campaign_id","buyer_email");--> statement-breakpoint
CREATE INDEX "campaign_reservations_open_idx" ON "campaign_reservations" USING btree ("status") WHERE "campaign_reservations"."status" = 'reserved';--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_city_slug_key" ON "campaigns" USING btree ("city_id","slug");