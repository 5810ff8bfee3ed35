-- A package file whose upload left its MD5, SHA-1 or SHA-512 to be completed after the publish holds '' there until
-- then (a hex digest is never empty); this index finds the few such rows at start without reading the table.
CREATE INDEX package_files_pending ON package_files(sha256) WHERE md5 = '' OR sha1 = '' OR sha512 = '';
