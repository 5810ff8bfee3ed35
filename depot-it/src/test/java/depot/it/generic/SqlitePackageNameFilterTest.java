package depot.it.generic;

import depot.it.support.Backend;

class SqlitePackageNameFilterTest extends PackageNameFilterContract {
    @Override
    Backend backend() { return Backend.SQLITE; }
}
