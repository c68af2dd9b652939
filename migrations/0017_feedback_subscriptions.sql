CREATE TABLE "feedback_digest_preferences" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"frequency" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_digests" (
	"member_id" uuid NOT NULL,
	"period" text NOT NULL,
	"workspace_id" uuid NOT NULL,
	"since" timestamp (3) with time zone NOT NULL,
	"until" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_digests_member_id_period_pk" PRIMARY KEY("member_id","period")
);
--> statement-breakpoint
CREATE TABLE "post_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"contact_id" uuid,
	"member_id" uuid,
	"level" text NOT NULL,
	"source" text NOT NULL,
	"moved_from_post_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_subscriptions_one_subscriber" CHECK (("post_subscriptions"."contact_id" is null) <> ("post_subscriptions"."member_id" is null)),
	CONSTRAINT "post_subscriptions_level" CHECK ("post_subscriptions"."level" in ('all', 'status', 'off'))
);
--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "board_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "feedback_digest_preferences" ADD CONSTRAINT "feedback_digest_preferences_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_digest_preferences" ADD CONSTRAINT "feedback_digest_preferences_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_digests" ADD CONSTRAINT "feedback_digests_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_digests" ADD CONSTRAINT "feedback_digests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_subscriptions" ADD CONSTRAINT "post_subscriptions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_subscriptions" ADD CONSTRAINT "post_subscriptions_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_subscriptions" ADD CONSTRAINT "post_subscriptions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_subscriptions" ADD CONSTRAINT "post_subscriptions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_digest_preferences_frequency_idx" ON "feedback_digest_preferences" USING btree ("frequency");--> statement-breakpoint
CREATE INDEX "feedback_digests_member_created_idx" ON "feedback_digests" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "post_subscriptions_post_contact_key" ON "post_subscriptions" USING btree ("post_id","contact_id") WHERE "post_subscriptions"."contact_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "post_subscriptions_post_member_key" ON "post_subscriptions" USING btree ("post_id","member_id") WHERE "post_subscriptions"."member_id" is not null;--> statement-breakpoint
CREATE INDEX "post_subscriptions_workspace_post_created_idx" ON "post_subscriptions" USING btree ("workspace_id","post_id","created_at","id");