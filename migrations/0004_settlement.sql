CREATE TABLE "settlement_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"redeemed_ore" bigint NOT NULL,
	"reversed_ore" bigint NOT NULL,
	"carried_in_ore" bigint NOT NULL,
	"fee_ore" bigint NOT NULL,
	"fee_vat_ore" bigint NOT NULL,
	"payout_ore" bigint NOT NULL,
	"carried_out_ore" bigint NOT NULL,
	"rate_bp" integer NOT NULL,
	"tier" text NOT NULL,
	CONSTRAINT "settlement_lines_identity_check" CHECK ("settlement_lines"."payout_ore" + "settlement_lines"."fee_ore" + "settlement_lines"."fee_vat_ore" + "settlement_lines"."carried_out_ore" = "settlement_lines"."redeemed_ore" - "settlement_lines"."reversed_ore" + "settlement_lines"."carried_in_ore"),
	CONSTRAINT "settlement_lines_payout_check" CHECK ("settlement_lines"."payout_ore" >= 0 and "settlement_lines"."carried_out_ore" <= 0 and "settlement_lines"."carried_in_ore" <= 0)
);
--> statement-breakpoint
CREATE TABLE "settlement_run_items" (
	"run_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"redemption_id" uuid NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "settlement_run_items_kind_check" CHECK ("settlement_run_items"."kind" in ('redeemed', 'reversed'))
);
--> statement-breakpoint
CREATE TABLE "settlement_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"period_from" date,
	"period_until" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"totals" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"approval_method" text,
	"second_approved_by" text,
	CONSTRAINT "settlement_runs_status_check" CHECK ("settlement_runs"."status" in ('draft', 'approved')),
	CONSTRAINT "settlement_runs_method_check" CHECK ("settlement_runs"."approval_method" is null or "settlement_runs"."approval_method" in ('web-2fa', 'cli')),
	CONSTRAINT "settlement_runs_period_check" CHECK ("settlement_runs"."period_from" is null or "settlement_runs"."period_from" <= "settlement_runs"."period_until")
);
--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_run_id_settlement_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."settlement_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_run_items" ADD CONSTRAINT "settlement_run_items_run_id_settlement_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."settlement_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_run_items" ADD CONSTRAINT "settlement_run_items_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_runs" ADD CONSTRAINT "settlement_runs_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_lines_run_business_key" ON "settlement_lines" USING btree ("run_id","business_id");--> statement-breakpoint
CREATE INDEX "settlement_lines_city_business_idx" ON "settlement_lines" USING btree ("city_id","business_id");--> statement-breakpoint
CREATE INDEX "settlement_run_items_run_idx" ON "settlement_run_items" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_run_items_redemption_kind_key" ON "settlement_run_items" USING btree ("redemption_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_runs_city_number_key" ON "settlement_runs" USING btree ("city_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_runs_one_draft_per_city" ON "settlement_runs" USING btree ("city_id") WHERE "settlement_runs"."status" = 'draft';--> statement-breakpoint
-- Merchant accounts may owe money back after a payout (a later reversal); settlement carries it.
UPDATE "ledger_accounts" SET "allow_negative" = true WHERE "kind" = 'merchant';
