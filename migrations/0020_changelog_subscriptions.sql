CREATE TABLE "changelog_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid,
	"member_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "changelog_subscriptions_one_subscriber" CHECK (("changelog_subscriptions"."contact_id" is null) <> ("changelog_subscriptions"."member_id" is null))
);
--> statement-breakpoint
ALTER TABLE "changelog_subscriptions" ADD CONSTRAINT "changelog_subscriptions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changelog_subscriptions" ADD CONSTRAINT "changelog_subscriptions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changelog_subscriptions" ADD CONSTRAINT "changelog_subscriptions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "changelog_subscriptions_contact_key" ON "changelog_subscriptions" USING btree ("workspace_id","contact_id") WHERE "changelog_subscriptions"."contact_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "changelog_subscriptions_member_key" ON "changelog_subscriptions" USING btree ("workspace_id","member_id") WHERE "changelog_subscriptions"."member_id" is not null;--> statement-breakpoint
CREATE INDEX "changelog_subscriptions_workspace_created_idx" ON "changelog_subscriptions" USING btree ("workspace_id","created_at","id");