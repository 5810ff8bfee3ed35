package depot.server;

import depot.core.model.Scopes;
import depot.core.model.User;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On first start, creates the admin user {@code root} and, if configured, its initial token. Nodes of a cluster may
 * start together on a new database; the username's uniqueness decides which one seeds.
 */
final class Seeder {
    private static final Logger LOG = LoggerFactory.getLogger(Seeder.class);
    private final Services services;
    private final Config config;

    Seeder(Services services, Config config) {
        this.services = services;
        this.config = config;
    }

    void seed() {
        if (services.identities().userByUsername("root").isPresent()) return;
        String password = config.initialRootPassword();
        boolean generated = password == null;
        if (generated) password = services.secrets().randomString(24);
        User root;
        try {
            root = services.directoryService().createUser("root", "Administrator", "root@localhost", password, true);
        } catch (RuntimeException e) {
            // several nodes starting at once on a new database: one creates root, the others find it made
            if (services.identities().userByUsername("root").isPresent()) {
                LOG.info("another node created the admin user root");
                return;
            }
            throw e;
        }
        if (config.initialRootToken() != null) {
            services.directoryService().createPersonalToken(root, "initial root token", List.of(Scopes.API), null,
                    config.initialRootToken());
        }
        if (generated) {
            // shown once, like GitLab's initial_root_password file
            System.out.println("Created the admin user 'root' with password: " + password);
        }
        LOG.info("created admin user root");
    }
}
