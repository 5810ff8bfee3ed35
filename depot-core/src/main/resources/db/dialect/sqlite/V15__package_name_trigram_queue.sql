-- Adding one name to the FTS5 trigram table (V9) in the publish's own transaction cost a quarter of a small publish:
-- FTS5 writes a segment of its index at every commit, however few rows it holds. A published name now waits in this
-- queue, a plain table written in the publish's transaction, and NameTrigramQueue moves the queued names into the
-- trigram table a batch per transaction, a moment later. Listings read the queue beside the table (NameFilter), so
-- a filter finds a name from its publish on, as before. Rows here are package ids; their names stay in packages.
CREATE TABLE package_name_trigrams_queue (package_id INTEGER PRIMARY KEY);

DROP TRIGGER package_name_trigrams_insert;
CREATE TRIGGER package_name_trigrams_insert AFTER INSERT ON packages BEGIN
    INSERT INTO package_name_trigrams_queue (package_id) VALUES (new.id);
END;

-- a queued name is not in the trigram table yet; deleting an absent rowid from it changes nothing
DROP TRIGGER package_name_trigrams_delete;
CREATE TRIGGER package_name_trigrams_delete AFTER DELETE ON packages BEGIN
    DELETE FROM package_name_trigrams_queue WHERE package_id = old.id;
    DELETE FROM package_name_trigrams WHERE rowid = old.id;
END;

-- a renamed package leaves the table and queues again, to be indexed under its new name
DROP TRIGGER package_name_trigrams_rename;
CREATE TRIGGER package_name_trigrams_rename AFTER UPDATE OF name ON packages BEGIN
    DELETE FROM package_name_trigrams WHERE rowid = old.id;
    INSERT OR IGNORE INTO package_name_trigrams_queue (package_id) VALUES (new.id);
END;
