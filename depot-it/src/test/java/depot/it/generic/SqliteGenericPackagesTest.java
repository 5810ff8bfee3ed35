package depot.it.generic;

import depot.it.support.Backend;

class SqliteGenericPackagesTest extends GenericPackagesContract {
    @Override
    Backend backend() { return Backend.SQLITE; }
}
