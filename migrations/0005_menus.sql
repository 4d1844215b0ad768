CREATE TABLE "lunch_menus" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"days" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"weekly" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lunch_opens" text DEFAULT '11:00' NOT NULL,
	"lunch_closes" text DEFAULT '14:00' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lunch_menus" ADD CONSTRAINT "lunch_menus_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lunch_menus_business_week_key" ON "lunch_menus" USING btree ("city_id","business_id","week_start");--> statement-breakpoint
CREATE INDEX "lunch_menus_city_week_idx" ON "lunch_menus" USING btree ("city_id","week_start");