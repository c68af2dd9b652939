-- Trigram similarity (titles of similar posts and duplicate suggestions). PGlite loads it as a contrib extension
-- (src/db/pglite.ts); PostgreSQL ships it in its standard contrib modules (a trusted extension since 13).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "post_duplicate_dismissals" (
	"workspace_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"other_post_id" uuid NOT NULL,
	"dismissed_by_member_id" uuid,
	"dismissed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_duplicate_dismissals_workspace_id_post_id_other_post_id_pk" PRIMARY KEY("workspace_id","post_id","other_post_id"),
	CONSTRAINT "post_duplicate_dismissals_ordered" CHECK ("post_duplicate_dismissals"."post_id" < "post_duplicate_dismissals"."other_post_id")
);
--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "import_source_id" text;--> statement-breakpoint
ALTER TABLE "post_duplicate_dismissals" ADD CONSTRAINT "post_duplicate_dismissals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_duplicate_dismissals" ADD CONSTRAINT "post_duplicate_dismissals_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_duplicate_dismissals" ADD CONSTRAINT "post_duplicate_dismissals_other_post_id_posts_id_fk" FOREIGN KEY ("other_post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_duplicate_dismissals" ADD CONSTRAINT "post_duplicate_dismissals_dismissed_by_member_id_members_id_fk" FOREIGN KEY ("dismissed_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "post_duplicate_dismissals_other_idx" ON "post_duplicate_dismissals" USING btree ("workspace_id","other_post_id");--> statement-breakpoint
CREATE UNIQUE INDEX "posts_workspace_import_source_key" ON "posts" USING btree ("workspace_id","import_source_id") WHERE "posts"."import_source_id" is not null;--> statement-breakpoint
CREATE INDEX "posts_title_trgm_idx" ON "posts" USING gin ("title" gin_trgm_ops);