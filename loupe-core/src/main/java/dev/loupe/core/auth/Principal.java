package dev.loupe.core.auth;

import java.util.Objects;

/**
 * Who is calling, as authentication established it.
 *
 * @param name what audit logs and the feedback store record as the actor (the token's name)
 * @param role the most the caller may do
 */
public record Principal(String name, Role role) {
    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a principal needs a name");
        }
    }

    public boolean may(Role needed) {
        return role.includes(needed);
    }
}
