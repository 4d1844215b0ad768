CREATE TABLE "media" (
	"city_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"widths" jsonb NOT NULL,
	"source_format" text NOT NULL,
	"source_bytes" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_city_id_hash_pk" PRIMARY KEY("city_id","hash")
);
--> statement-breakpoint
CREATE TABLE "media_variants" (
	"city_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "media_variants_city_id_hash_name_pk" PRIMARY KEY("city_id","hash","name")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "image" jsonb;--> statement-breakpoint
ALTER TABLE "media_variants" ADD CONSTRAINT "media_variants_city_id_hash_media_city_id_hash_fk" FOREIGN KEY ("city_id","hash") REFERENCES "public"."media"("city_id","hash") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" DROP COLUMN "image_url";