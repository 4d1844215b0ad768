CREATE TABLE "ledger_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"balance_ore" bigint DEFAULT 0 NOT NULL,
	"allow_negative" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transfer_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"amount_ore" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"actor" text NOT NULL,
	"memo" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "giftcard_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"product_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"buyer_email" text NOT NULL,
	"buyer_name" text DEFAULT '' NOT NULL,
	"company" jsonb,
	"status" text NOT NULL,
	"total_ore" bigint NOT NULL,
	"payment_method" text NOT NULL,
	"payment_ref" text,
	"invoice_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	"refunded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "giftcard_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"min_amount_ore" bigint,
	"max_amount_ore" bigint,
	"coupon_count" integer,
	"coupon_value_ore" bigint,
	"price_ore" bigint,
	"validity_months" integer DEFAULT 24 NOT NULL,
	"designs" jsonb DEFAULT '["torget"]'::jsonb NOT NULL,
	"accepted_categories" jsonb,
	"excluded_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"allows_partial_use" boolean DEFAULT true NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "giftcards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"code_encrypted" text NOT NULL,
	"code_last4" text NOT NULL,
	"status" text NOT NULL,
	"face_value_ore" bigint NOT NULL,
	"coupons_total" integer,
	"coupon_value_ore" bigint,
	"paid_ore" bigint NOT NULL,
	"sponsor_ore" bigint DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"recipient_name" text DEFAULT '' NOT NULL,
	"recipient_email" text,
	"message" text DEFAULT '' NOT NULL,
	"design" text DEFAULT 'torget' NOT NULL,
	"deliver_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"activated_at" timestamp with time zone,
	"blocked_at" timestamp with time zone,
	"block_reason" text,
	"replaced_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"card_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"amount_ore" bigint NOT NULL,
	"coupons" integer,
	"idempotency_key" text,
	"request_hash" text,
	"receipt_number" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"reversed_at" timestamp with time zone,
	"reversed_by" text,
	"reversal_transfer_id" uuid
);
--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transfer_id_ledger_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."ledger_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giftcard_orders" ADD CONSTRAINT "giftcard_orders_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giftcard_orders" ADD CONSTRAINT "giftcard_orders_product_id_giftcard_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."giftcard_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giftcard_products" ADD CONSTRAINT "giftcard_products_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giftcards" ADD CONSTRAINT "giftcards_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giftcards" ADD CONSTRAINT "giftcards_order_id_giftcard_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."giftcard_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "giftcards" ADD CONSTRAINT "giftcards_product_id_giftcard_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."giftcard_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_card_id_giftcards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."giftcards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_city_code" ON "ledger_accounts" USING btree ("city_id","code");--> statement-breakpoint
CREATE INDEX "ledger_entries_account" ON "ledger_entries" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_transfer" ON "ledger_entries" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_city_created" ON "ledger_transfers" USING btree ("city_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_transfers_city_reference" ON "ledger_transfers" USING btree ("city_id","reference");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "giftcard_orders_reference_key" ON "giftcard_orders" USING btree ("city_id","reference");--> statement-breakpoint
CREATE INDEX "giftcard_orders_city_created_idx" ON "giftcard_orders" USING btree ("city_id","created_at");--> statement-breakpoint
CREATE INDEX "giftcard_orders_buyer_idx" ON "giftcard_orders" USING btree ("city_id","buyer_email");--> statement-breakpoint
CREATE UNIQUE INDEX "giftcard_orders_payment_ref_key" ON "giftcard_orders" USING btree ("payment_method","payment_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "giftcard_products_city_slug_key" ON "giftcard_products" USING btree ("city_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "giftcards_code_hash_key" ON "giftcards" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "giftcards_order_idx" ON "giftcards" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "giftcards_city_last4_idx" ON "giftcards" USING btree ("city_id","code_last4");--> statement-breakpoint
CREATE INDEX "giftcards_city_recipient_idx" ON "giftcards" USING btree ("city_id","recipient_email");--> statement-breakpoint
CREATE INDEX "giftcards_due_delivery_idx" ON "giftcards" USING btree ("deliver_at") WHERE delivered_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "redemptions_idempotency_key" ON "redemptions" USING btree ("city_id","business_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "redemptions_card_idx" ON "redemptions" USING btree ("card_id");--> statement-breakpoint
CREATE INDEX "redemptions_business_created_idx" ON "redemptions" USING btree ("city_id","business_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "redemptions_receipt_key" ON "redemptions" USING btree ("city_id","receipt_number");