-- A format's own table, as a format module would ship it (DatabaseTest).
CREATE TABLE probe_items (
    id ${id_pk},
    name TEXT NOT NULL
);
