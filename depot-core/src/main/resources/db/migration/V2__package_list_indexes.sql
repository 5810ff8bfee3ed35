-- The packages API lists a project's packages newest or by name first; these keep that an index walk
-- instead of a sort of every package in the project.
CREATE INDEX packages_project_created ON packages(project_id, created_at);
CREATE INDEX packages_project_name ON packages(project_id, name);
CREATE INDEX package_files_job ON package_files(package_id, ci_job_id);
