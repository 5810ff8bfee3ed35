-- The change counters (V11) move once per transaction instead of once per changed row. Each UPDATE of a counter's
-- row in one transaction adds a row version the next one must step over, so a transaction changing n rows cost
-- O(n²): inserting 100,000 packages in one statement took minutes, and deleting a project with thousands of files
-- was slow in the same way. The triggers still fire at commit (deferred) for every row; all but the first return at
-- once, guided by a setting that lives only until the transaction ends.
CREATE OR REPLACE FUNCTION depot_directory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('depot.directory_moved', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('depot.directory_moved', 'on', true);
    UPDATE change_stamps SET value = value + 1 WHERE name = 'directory';
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION depot_packages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('depot.packages_moved', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('depot.packages_moved', 'on', true);
    UPDATE change_stamps SET value = value + 1 WHERE name = 'packages';
    RETURN NULL;
END
$$;
