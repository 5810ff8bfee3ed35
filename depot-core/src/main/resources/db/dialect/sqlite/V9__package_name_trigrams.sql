-- Package listings filter by a part of the name in any case, LOWER(name) LIKE '%x%', which no B-tree serves: it read
-- every package of the project. This FTS5 table indexes the trigrams of every name (case-folded) so that a filter of
-- three or more characters finds its candidate rows (rowid = packages.id) instead; see depot.core.db.NameFilter.
-- Contentless: the names stay in packages only; contentless_delete lets the triggers delete by rowid.
CREATE VIRTUAL TABLE package_name_trigrams USING fts5(name, content='', contentless_delete=1, tokenize='trigram');

INSERT INTO package_name_trigrams (rowid, name) SELECT id, name FROM packages;

CREATE TRIGGER package_name_trigrams_insert AFTER INSERT ON packages BEGIN
    INSERT INTO package_name_trigrams (rowid, name) VALUES (new.id, new.name);
END;

CREATE TRIGGER package_name_trigrams_delete AFTER DELETE ON packages BEGIN
    DELETE FROM package_name_trigrams WHERE rowid = old.id;
END;

CREATE TRIGGER package_name_trigrams_rename AFTER UPDATE OF name ON packages BEGIN
    DELETE FROM package_name_trigrams WHERE rowid = old.id;
    INSERT INTO package_name_trigrams (rowid, name) VALUES (new.id, new.name);
END;
