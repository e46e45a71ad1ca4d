package org.omnileads.deploy.run;

import java.nio.file.Path;
import org.omnileads.deploy.roles.RoleLoader;
import org.omnileads.deploy.roles.Roles;

/** The role trees of src/test/resources/run-*, loaded by the real loader. */
final class TestRoles {
    private TestRoles() {}

    static Roles load(String tree) throws Exception {
        return RoleLoader.fromDirectory(Path.of("src/test/resources", tree).toAbsolutePath());
    }
}
