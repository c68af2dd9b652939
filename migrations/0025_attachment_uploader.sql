ALTER TABLE "ticket_attachments" ADD COLUMN "uploader_type" text DEFAULT 'member' NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD COLUMN "uploader_id" text;--> statement-breakpoint
CREATE INDEX "ticket_attachments_unclaimed_idx" ON "ticket_attachments" USING btree ("created_at") WHERE "ticket_attachments"."message_id" is null;