CREATE TABLE "occupancy_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"idempotency_key" text,
	"delta" integer,
	"requested_count" integer,
	"count_after" integer NOT NULL,
	"clamped" boolean DEFAULT false NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "places" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"business_id" uuid,
	"capacity" integer,
	"yellow_pct" integer DEFAULT 70 NOT NULL,
	"red_pct" integer DEFAULT 100 NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"last_event_id" bigint DEFAULT 0 NOT NULL,
	"queue_enabled" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "queue_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"number" integer NOT NULL,
	"day" text NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"push_subscription" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"admitted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "occupancy_events" ADD CONSTRAINT "occupancy_events_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "occupancy_events" ADD CONSTRAINT "occupancy_events_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_entries" ADD CONSTRAINT "queue_entries_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_entries" ADD CONSTRAINT "queue_entries_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "occupancy_events_key" ON "occupancy_events" USING btree ("place_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "occupancy_events_place_time_idx" ON "occupancy_events" USING btree ("place_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "places_city_slug_key" ON "places" USING btree ("city_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "places_business_key" ON "places" USING btree ("business_id");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_entries_token_key" ON "queue_entries" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_entries_number_key" ON "queue_entries" USING btree ("place_id","day","number");--> statement-breakpoint
CREATE INDEX "queue_entries_place_status_idx" ON "queue_entries" USING btree ("place_id","status");