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
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Registers the row mappers of the model records (snake_case columns onto camelCase components). Packages and their
 * files, which every publish and index read maps, are mapped by hand: Jdbi's constructor mapper specialises itself
 * anew for each query's result set, which profiles showed as a fifth of a small request's CPU.
 */
final class Rows {
    private Rows() {}

    static void register(Jdbi jdbi) {
        for (Class<?> type : new Class<?>[] {User.class, Namespace.class, Project.class, Member.class,
                PersonalAccessToken.class, DeployToken.class, CiJob.class}) {
            jdbi.registerRowMapper(ConstructorMapper.factory(type));
        }
        jdbi.registerRowMapper(Package.class, (rs, ctx) -> pkg(rs));
        jdbi.registerRowMapper(PackageFile.class, (rs, ctx) -> file(rs));
        // stored as GitLab's lower-case names
        jdbi.registerColumnMapper(PackageStatus.class, (rs, column, ctx) -> PackageStatus.of(rs.getString(column)));
    }

    private static Package pkg(ResultSet rs) throws SQLException {
        return new Package(rs.getLong("id"), rs.getLong("project_id"), rs.getString("package_type"), rs.getString("name"),
                rs.getString("normalized_name"), rs.getString("version"), PackageStatus.of(rs.getString("status")),
                rs.getString("metadata"), nullableLong(rs, "creator_id"), nullableLong(rs, "ci_job_id"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static PackageFile file(ResultSet rs) throws SQLException {
        return new PackageFile(rs.getLong("id"), rs.getLong("package_id"), rs.getString("file_name"), rs.getLong("size"),
                rs.getString("sha256"), rs.getString("md5"), rs.getString("sha1"), rs.getString("sha512"),
                rs.getString("metadata"), nullableLong(rs, "ci_job_id"), rs.getLong("created_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
