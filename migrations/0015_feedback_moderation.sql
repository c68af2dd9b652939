CREATE TABLE "feedback_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"anonymous_voting" boolean DEFAULT false NOT NULL,
	"anonymous_posting" boolean DEFAULT false NOT NULL,
	"anonymous_commenting" boolean DEFAULT false NOT NULL,
	"moderation" text DEFAULT 'none' NOT NULL,
	"hold_links_and_images" boolean DEFAULT false NOT NULL,
	"author_edits" text DEFAULT 'always' NOT NULL,
	"anonymous_rate_limit" integer DEFAULT 20 NOT NULL,
	"anonymous_rate_window_seconds" integer DEFAULT 3600 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "votes" DROP CONSTRAINT "votes_one_voter";--> statement-breakpoint
ALTER TABLE "boards" ADD COLUMN "moderation" text;--> statement-breakpoint
ALTER TABLE "boards" ADD COLUMN "one_way" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "author_visitor_id" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "author_visitor_id" text;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "visitor_id" text;--> statement-breakpoint
ALTER TABLE "feedback_settings" ADD CONSTRAINT "feedback_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "votes_post_visitor_key" ON "votes" USING btree ("post_id","visitor_id") WHERE "votes"."visitor_id" is not null;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_one_voter" CHECK (num_nonnulls("votes"."contact_id", "votes"."member_id", "votes"."visitor_id") = 1);