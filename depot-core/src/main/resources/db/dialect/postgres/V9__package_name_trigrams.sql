-- Package listings filter by a part of the name in any case, LOWER(name) LIKE '%x%', which no B-tree serves: it read
-- every package of the project. A GIN trigram index on LOWER(name) serves that LIKE as it is (pg_trgm).
-- pg_trgm is a trusted extension (PostgreSQL 13+): whoever may create objects in the database may install it. Where
-- Depot's user may not, or the server does not ship it, the filter stays a scan instead of failing the start, and
-- Depot says so at every start (depot.core.db.NameFilter) with the statements an administrator can run.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR undefined_file THEN
    RAISE WARNING 'package names are not indexed: %', SQLERRM;
END $$;

-- the extension may live in a schema outside the search path (installed there earlier by an administrator)
DO $$
DECLARE
    trgm_schema name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                         WHERE e.extname = 'pg_trgm');
BEGIN
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX packages_name_trgm ON packages USING gin (LOWER(name) %I.gin_trgm_ops)',
                       trgm_schema);
    END IF;
END $$;
