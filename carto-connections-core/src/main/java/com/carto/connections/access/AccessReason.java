package com.carto.connections.access;

/** Why a principal sees a connection: shown with every connection that {@code get} and {@code list} return. */
public enum AccessReason {
    /** The principal owns it. */
    OWNER,
    /** It is shared with the whole organization. */
    ORGANIZATION,
    /** It is shared with a group the principal belongs to. */
    GROUP,
    /** It is shared with viewer credentials: the principal sees it and uses it with credentials of their own. */
    VIEWER_CREDENTIALS,
    /** The principal is a superadmin of the organization, who sees every connection (but uses only what is shared). */
    SUPERADMIN
}
