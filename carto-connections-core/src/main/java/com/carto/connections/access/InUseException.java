package com.carto.connections.access;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.util.List;

/**
 * A connection cannot be deleted because something depends on it. {@link #dependents()} lists what does, so a host
 * can offer to reassign them ({@link com.carto.connections.DeleteOptions#reassignTo}) or delete them with it ({@link com.carto.connections.DeleteOptions#cascade}).
 */
public final class InUseException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    private final transient List<Dependent> dependents;

    public InUseException(String message, List<Dependent> dependents) {
        super(ErrorCategory.IN_USE, message);
        this.dependents = List.copyOf(dependents);
    }

    /** What uses the connection. */
    public List<Dependent> dependents() {
        return dependents;
    }
}
