-- Package protection rules and group package settings are read by every publish: their changes move the directory
-- counter (V11), so that caches of them hold while it stands still.
CREATE TRIGGER directory_stamp_package_protection_rules_insert AFTER INSERT ON package_protection_rules
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_package_protection_rules_update AFTER UPDATE ON package_protection_rules
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_package_protection_rules_delete AFTER DELETE ON package_protection_rules
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_namespace_package_settings_insert AFTER INSERT ON namespace_package_settings
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_namespace_package_settings_update AFTER UPDATE ON namespace_package_settings
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;

CREATE TRIGGER directory_stamp_namespace_package_settings_delete AFTER DELETE ON namespace_package_settings
BEGIN UPDATE change_stamps SET value = value + 1 WHERE name = 'directory'; END;
