package depot.it.generic;

import depot.it.support.Backend;
import depot.it.support.OneStack;

@OneStack
class SqliteGenericPackagesTest extends GenericPackagesContract {
    @Override
    Backend backend() { return Backend.SQLITE; }
}
