package com.carto.connections.access;

/** What a user may do in their organization, as the host application says. Viewers cannot own connections. */
public enum Role {
    SUPERADMIN,
    ADMIN,
    EDITOR,
    VIEWER;

    /** Whether a user with this role may create and own connections. */
    public boolean canOwnAssets() {
        return this != VIEWER;
    }
}
