package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import com.carto.connections.secrets.Secret;
import java.io.IOException;

/** {@link CredentialRotation#UNSAVED}: the refresh runs with what the client holds, and nothing is stored. */
final class UnsavedRotation implements CredentialRotation {
    @Override
    public <T> Refreshed<T> refresh(Property<Secret> property, Secret held, Refresh<T> refresh) throws IOException {
        requireNonNull(property, "property is null");
        requireNonNull(held, "held is null");
        return requireNonNull(refresh.refresh(held), "the refresh returned nothing");
    }

    @Override
    public String toString() {
        return "CredentialRotation.UNSAVED";
    }
}
