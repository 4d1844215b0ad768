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
ALTER TABLE "settlement_runs" ADD COLUMN "first_approved_by" text;--> statement-breakpoint
ALTER TABLE "settlement_runs" ADD COLUMN "first_approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payout_accounts" ADD CONSTRAINT "payout_accounts_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payout_accounts_city_business_idx" ON "payout_accounts" USING btree ("city_id","business_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_accounts_one_confirmed" ON "payout_accounts" USING btree ("business_id") WHERE "payout_accounts"."status" = 'confirmed';--> statement-breakpoint
CREATE UNIQUE INDEX "payout_accounts_one_pending" ON "payout_accounts" USING btree ("business_id") WHERE "payout_accounts"."status" = 'pending';