CREATE TABLE "audit_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"occurred_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_member_id" uuid,
	"type" text NOT NULL,
	"event_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"request_id" text,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_entries_workspace_occurred_idx" ON "audit_entries" USING btree ("workspace_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "audit_entries_workspace_resource_idx" ON "audit_entries" USING btree ("workspace_id","resource_type","resource_id");--> statement-breakpoint
CREATE INDEX "audit_entries_occurred_idx" ON "audit_entries" USING btree ("occurred_at");--> statement-breakpoint
-- Audit rows are immutable. UPDATE is always refused; DELETE only from the retention prune (which sets
-- loopdesk.audit_prune = on for its transaction) or when the row's workspace itself is being deleted.
CREATE FUNCTION "audit_entries_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF coalesce(current_setting('loopdesk.audit_prune', true), '') = 'on' THEN
			RETURN OLD;
		END IF;
		IF NOT EXISTS (SELECT 1 FROM "workspaces" WHERE "id" = OLD."workspace_id") THEN
			RETURN OLD;
		END IF;
	END IF;
	RAISE EXCEPTION 'audit_entries rows are immutable: % refused', TG_OP
		USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_entries_immutable" BEFORE UPDATE OR DELETE ON "audit_entries"
	FOR EACH ROW EXECUTE FUNCTION "audit_entries_immutable"();--> statement-breakpoint
CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
	FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_immutable"();
