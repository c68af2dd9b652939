CREATE TABLE "changelog_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"audience" text DEFAULT 'public' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "changelog_entries" ADD COLUMN "effective_audience" text DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE "changelog_entries" ADD COLUMN "audience_source_id" uuid;--> statement-breakpoint
ALTER TABLE "changelog_categories" ADD CONSTRAINT "changelog_categories_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "changelog_categories_workspace_name_key" ON "changelog_categories" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "changelog_categories_workspace_created_idx" ON "changelog_categories" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "changelog_categories_workspace_name_idx" ON "changelog_categories" USING btree ("workspace_id","name","id");--> statement-breakpoint
-- Entries written before categories had audiences are held to their own audience, with their own grants.
UPDATE "changelog_entries" SET "effective_audience" = "audience", "audience_source_id" = "id";--> statement-breakpoint
-- Every category name entries already carry becomes a public category (the first spelling seen wins).
INSERT INTO "changelog_categories" ("id", "workspace_id", "name")
SELECT DISTINCT ON (e."workspace_id", lower(c.name)) gen_random_uuid(), e."workspace_id", c.name
FROM "changelog_entries" e CROSS JOIN LATERAL jsonb_array_elements_text(e."categories") AS c(name)
ORDER BY e."workspace_id", lower(c.name), e."created_at";
