package depot.it.generic;

import depot.it.support.Backend;

class PostgresGenericPackagesTest extends GenericPackagesContract {
    @Override
    Backend backend() { return Backend.POSTGRES; }
}
