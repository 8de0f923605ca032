package dev.phishnet.commandapi.user;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Authorization role of a user. */
public enum Role {
    ADMIN,
    ANALYST,
    USER;

    /** An immutable copy in declaration order, so that events serialize the same roles to the same bytes. */
    public static Set<Role> setOf(Collection<Role> roles) {
        EnumSet<Role> copy = EnumSet.noneOf(Role.class);
        copy.addAll(roles);
        return Collections.unmodifiableSet(copy);
    }
}
