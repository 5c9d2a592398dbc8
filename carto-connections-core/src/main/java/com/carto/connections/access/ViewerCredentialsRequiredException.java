package com.carto.connections.access;

import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;

/**
 * The connection is shared with viewer credentials and the principal has not provided theirs: an
 * {@link ErrorCategory#AUTHENTICATION} failure a host can tell from rejected credentials, to show the principal the
 * form of {@link com.carto.connections.Connections#provideViewerCredentials}.
 */
public final class ViewerCredentialsRequiredException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    public ViewerCredentialsRequiredException(String message) {
        super(ErrorCategory.AUTHENTICATION, message);
    }
}
