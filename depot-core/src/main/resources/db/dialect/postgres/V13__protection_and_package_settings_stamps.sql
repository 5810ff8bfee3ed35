-- Package protection rules and group package settings are read by every publish: their changes move the directory
-- counter (V11), so that caches of them hold while it stands still.
CREATE CONSTRAINT TRIGGER directory_stamp_package_protection_rules
    AFTER INSERT OR UPDATE OR DELETE ON package_protection_rules
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_directory_changed();

CREATE CONSTRAINT TRIGGER directory_stamp_namespace_package_settings
    AFTER INSERT OR UPDATE OR DELETE ON namespace_package_settings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION depot_directory_changed();
