-- packages_type_name (package_type, normalized_name) is the start of packages_type_name_created (V7), which serves
-- every query it served; each publish wrote both.
DROP INDEX packages_type_name;
