ALTER TABLE "articles" ADD COLUMN "audience_source_id" uuid;--> statement-breakpoint
ALTER TABLE "help_categories" ADD COLUMN "audience_source_id" uuid;--> statement-breakpoint
-- Until now only articles took segments or organisations, so an article with such an effective audience holds its own grants.
UPDATE "articles" SET "audience_source_id" = "id" WHERE "effective_audience" IN ('segments', 'organizations');
