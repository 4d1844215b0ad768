ALTER TABLE "redemptions" ADD COLUMN "balance_after_ore" bigint;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "forfeited_ore" bigint;