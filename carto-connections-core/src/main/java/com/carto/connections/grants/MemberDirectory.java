package com.carto.connections.grants;

import com.carto.connections.access.Principal;
import java.util.Optional;

/**
 * The host application's answer to "who is this member now?": a grant works only while its creator may still use its
 * connection, and the SDK has no user directory of its own, so every token use asks the host for the creator's
 * current role and groups. Called on the calling thread on every use; it must be quick and thread-safe (cache in the
 * host if needed: how long a cached answer lives bounds how long a demoted creator's grants keep working).
 */
@FunctionalInterface
public interface MemberDirectory {
    /** Grants cannot be created or used without a directory. */
    MemberDirectory NONE = (organizationId, userId) -> Optional.empty();

    /** The member as they are now, or empty when they left the organization. */
    Optional<Principal> member(String organizationId, String userId);
}
