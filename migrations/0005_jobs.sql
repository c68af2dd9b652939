CREATE TABLE "event_listener_cursors" (
	"listener" text PRIMARY KEY NOT NULL,
	"tx_id" "xid8",
	"event_id" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tick_slots" (
	"name" text NOT NULL,
	"slot" timestamp (3) with time zone NOT NULL,
	"claimed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"claimed_by" text,
	CONSTRAINT "tick_slots_name_slot_pk" PRIMARY KEY("name","slot")
);
