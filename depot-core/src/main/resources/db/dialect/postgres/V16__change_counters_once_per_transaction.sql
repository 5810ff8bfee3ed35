-- The change counters (V11) move once per transaction instead of once per changed row. Each UPDATE of a counter's
-- row in one transaction adds a row version the next one must step over, so a transaction changing n rows cost
-- O(n²): inserting 100,000 packages in one statement took minutes, and deleting a project with thousands of files
-- was slow in the same way. The triggers still fire at commit (deferred) for every row; all but the first return at
-- once, guided by a setting that lives only until the transaction ends.
CREATE FUNCTION depot_move_counter(counter TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('depot.moved_' || counter, true) = 'on' THEN
        RETURN;
    END IF;
    PERFORM set_config('depot.moved_' || counter, 'on', true);
    UPDATE change_stamps SET value = value + 1 WHERE name = counter;
END
$$;

CREATE OR REPLACE FUNCTION depot_directory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM depot_move_counter('directory');
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION depot_packages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM depot_move_counter('packages');
    RETURN NULL;
END
$$;
