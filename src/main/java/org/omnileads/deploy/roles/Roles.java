package org.omnileads.deploy.roles;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded and schema-checked set of roles (from the jar, or from {@code --roles DIR}).
 * Loading reports every problem as {@code FILE:LINE: message} before any host is touched.
 */
public interface Roles {
    /** The phases of {@code site.yaml}, in order. */
    List<Phase> site();

    /** Every tag a task of the site's roles carries, for checking {@code --tags} before any host is touched. */
    default java.util.Set<String> tags() { return java.util.Set.of(); }

    /** The role's defaults ({@code defaults.yaml}), lowest precedence. */
    Map<String, Object> defaults(String role);

    /**
     * The unrendered text of the role's {@code templates/NAME}, for code that must know what a
     * template says rather than render it (the names the environment file exports); empty when
     * the role or the template is not there.
     */
    Optional<TemplateSource> template(String role, String name);

    /**
     * Binds a role for one host: defaults, then {@code vars} over them, then renders every
     * templated argument and template (strict: an undefined variable is a {@link RoleException}).
     */
    BoundRole bind(String role, Map<String, Object> vars) throws RoleException;
}
