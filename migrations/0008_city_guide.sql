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
CREATE TABLE "event_trusted_organisers" (
	"city_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"trusted_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_trusted_organisers_city_id_business_id_pk" PRIMARY KEY("city_id","business_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"organiser_business_id" uuid,
	"organiser" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"start_date" date NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text,
	"rrule" text,
	"place_business_id" uuid,
	"address" text DEFAULT '' NOT NULL,
	"price_ore" integer,
	"image_url" text,
	"link" text,
	"status" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"service" text,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lunch_menus" ADD CONSTRAINT "lunch_menus_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_trusted_organisers" ADD CONSTRAINT "event_trusted_organisers_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lunch_menus_business_week_key" ON "lunch_menus" USING btree ("city_id","business_id","week_start");--> statement-breakpoint
CREATE INDEX "lunch_menus_city_week_idx" ON "lunch_menus" USING btree ("city_id","week_start");--> statement-breakpoint
CREATE INDEX "events_city_status_idx" ON "events" USING btree ("city_id","status","start_date");--> statement-breakpoint
CREATE INDEX "offers_city_valid_idx" ON "offers" USING btree ("city_id","valid_from");