package depot.it.generic;

import depot.it.support.Backend;
import depot.it.support.OneStack;

@OneStack
class SqlitePackageNameFilterTest extends PackageNameFilterContract {
    @Override
    Backend backend() { return Backend.SQLITE; }
}
