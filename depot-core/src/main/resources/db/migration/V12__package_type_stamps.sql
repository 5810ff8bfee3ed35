-- A counter per project and package type that every change of a package row moves (Packages bumps it after the
-- change, in the same handle): the stamp of an index of names (PyPI's /simple, NuGet search) is then one indexed
-- read of a row per project instead of an aggregate over every version the projects hold.
CREATE TABLE package_type_stamps (
    project_id   BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    package_type VARCHAR(64) NOT NULL,
    changes      BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (project_id, package_type)
);
INSERT INTO package_type_stamps (project_id, package_type, changes, updated_at)
SELECT project_id, package_type, COUNT(*), MAX(updated_at) FROM packages GROUP BY project_id, package_type;
