package depot.core.db;

import depot.core.model.CiJob;
import depot.core.model.DeployToken;
import depot.core.model.Member;
import depot.core.model.Namespace;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.PackageStatus;
import depot.core.model.PersonalAccessToken;
import depot.core.model.Project;
import depot.core.model.User;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Registers the row mappers of the model records (snake_case columns onto camelCase components). */
final class Rows {
    private Rows() {}

    static void register(Jdbi jdbi) {
        for (Class<?> type : new Class<?>[] {User.class, Namespace.class, Project.class, Member.class,
                PersonalAccessToken.class, DeployToken.class, CiJob.class, Package.class, PackageFile.class}) {
            jdbi.registerRowMapper(ConstructorMapper.factory(type));
        }
        // stored as GitLab's lower-case names
        jdbi.registerColumnMapper(PackageStatus.class, (rs, column, ctx) -> PackageStatus.of(rs.getString(column)));
    }
}
