CREATE TABLE "ledger_balance_shards" (
	"account_id" uuid NOT NULL,
	"shard" smallint NOT NULL,
	"city_id" uuid NOT NULL,
	"balance_ore" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "ledger_balance_shards_account_id_shard_pk" PRIMARY KEY("account_id","shard")
);
--> statement-breakpoint
ALTER TABLE "ledger_balance_shards" ADD CONSTRAINT "ledger_balance_shards_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;