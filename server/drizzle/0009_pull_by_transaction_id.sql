DROP INDEX "actions_seq_idx";--> statement-breakpoint
DROP INDEX "moderations_seq_idx";--> statement-breakpoint
DROP INDEX "returns_org_seq_idx";--> statement-breakpoint
DROP INDEX "standard_responses_seq_idx";--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "moderations" ADD COLUMN "txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "standard_responses" ADD COLUMN "txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "actions_txid_idx" ON "actions" USING btree ("txid");--> statement-breakpoint
CREATE INDEX "moderations_txid_idx" ON "moderations" USING btree ("txid");--> statement-breakpoint
CREATE INDEX "returns_txid_idx" ON "returns" USING btree ("txid");--> statement-breakpoint
CREATE INDEX "standard_responses_txid_idx" ON "standard_responses" USING btree ("txid");--> statement-breakpoint
-- Written by hand (drizzle-kit does not model triggers); see
-- docs/decisions/018-pull-by-transaction-id.md. A row gets a new txid when it
-- is inserted or its seq changes, so pull sees it again exactly when it is a
-- new version; an update that keeps seq (a return's updated_at) is not a change.
CREATE FUNCTION "stamp_txid"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.seq IS DISTINCT FROM OLD.seq THEN
    NEW.txid := pg_current_xact_id();
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "returns_stamp_txid" BEFORE INSERT OR UPDATE ON "returns" FOR EACH ROW EXECUTE FUNCTION "stamp_txid"();--> statement-breakpoint
CREATE TRIGGER "standard_responses_stamp_txid" BEFORE INSERT OR UPDATE ON "standard_responses" FOR EACH ROW EXECUTE FUNCTION "stamp_txid"();--> statement-breakpoint
CREATE TRIGGER "actions_stamp_txid" BEFORE INSERT OR UPDATE ON "actions" FOR EACH ROW EXECUTE FUNCTION "stamp_txid"();--> statement-breakpoint
CREATE TRIGGER "moderations_stamp_txid" BEFORE INSERT OR UPDATE ON "moderations" FOR EACH ROW EXECUTE FUNCTION "stamp_txid"();
