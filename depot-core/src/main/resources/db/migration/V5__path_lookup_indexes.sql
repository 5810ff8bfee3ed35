-- Projects and groups are found by full path, users by name, without regard to case; these make that an index lookup instead of a
-- scan of every row (the container registry resolves a project for every request).
CREATE INDEX projects_full_path_lower ON projects(LOWER(full_path));
CREATE INDEX namespaces_full_path_lower ON namespaces(LOWER(full_path));
CREATE INDEX users_username_lower ON users(LOWER(username));
