-- CreateTable
CREATE TABLE "room_search" (
    "roomId" TEXT NOT NULL,
    "doc" TEXT NOT NULL,

    CONSTRAINT "room_search_pkey" PRIMARY KEY ("roomId")
);

-- AddForeignKey
ALTER TABLE "room_search" ADD CONSTRAINT "room_search_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "live_rooms"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written here, not in schema.prisma (which has no triggers): every new room gets its search
-- document in the statement that inserts it (one set-based insert per ingest batch), and a room
-- whose title or account changes gets it rewritten. Nothing else about a room touches it.
CREATE FUNCTION room_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO room_search ("roomId", doc)
  SELECT id, title || E'\n' || id || E'\n' || "accountId" FROM new_rooms;
  RETURN NULL;
END $$;
CREATE TRIGGER live_rooms_search_insert AFTER INSERT ON live_rooms
  REFERENCING NEW TABLE AS new_rooms FOR EACH STATEMENT EXECUTE FUNCTION room_search_insert();

CREATE FUNCTION room_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE room_search SET doc = NEW.title || E'\n' || NEW.id || E'\n' || NEW."accountId" WHERE "roomId" = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER live_rooms_search_update AFTER UPDATE OF id, title, "accountId" ON live_rooms
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.title IS DISTINCT FROM NEW.title OR OLD."accountId" IS DISTINCT FROM NEW."accountId")
  EXECUTE FUNCTION room_search_update();

INSERT INTO room_search ("roomId", doc) SELECT id, title || E'\n' || id || E'\n' || "accountId" FROM live_rooms;

-- The search's trigram index, on the "C"-collated document (ASCII-only case folding, as the
-- wall's JS filter does). Not modelled in schema.prisma (UNMODELLED_INDEXES in
-- server/cli/migration-new.ts).
CREATE INDEX "room_search_doc_trgm" ON "room_search" USING gin (("doc" COLLATE "C") gin_trgm_ops);

-- The trigram indexes on live_rooms itself go: every non-HOT update of a room (each flag bumps
-- its indexed version) rewrote all three, the largest single cost of ingest in a wave.
DROP INDEX "live_rooms_title_trgm";
DROP INDEX "live_rooms_id_trgm";
DROP INDEX "live_rooms_account_trgm";
