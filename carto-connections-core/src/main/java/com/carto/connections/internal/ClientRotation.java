package com.carto.connections.internal;

import static java.util.Objects.requireNonNull;

import com.carto.connections.secrets.Secret;
import com.carto.connections.spi.CredentialRotation;
import com.carto.connections.spi.Property;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link CredentialRotation} of one client or live check, bound to a connection and an identity. A refresh runs
 * under the pair's {@link RotationSlots.Slot} lock and starts from the newest value known:
 * <ol>
 *   <li>what the client holds, followed through the rotations this process saw (another client of the pair may have
 *       rotated it);
 *   <li>for a client of a stored version, the stored value instead when it is one this process does not know: another
 *       application instance rotated it, or the viewer provided new credentials. The owner's value is taken only while
 *       the connection is still at the client's version, since a new version may pair it with other settings.
 * </ol>
 * A replacement is remembered in the slot and saved with a compare-and-set on the stored ciphertext, only when the
 * stored value is the one refreshed or one it descends from: an update that replaced the secret meanwhile wins.
 */
final class ClientRotation implements CredentialRotation {
    private final CredentialResolver secrets;
    private final RotationSlots.Slot slot;
    private final String connectionId;
    private final Identity identity;
    private final OptionalLong version;

    /**
     * @param version the stored version a cached client was opened for; empty for a live check of settings not
     *     stored yet, which never takes a stored value over what it was given
     */
    ClientRotation(
            CredentialResolver secrets,
            RotationSlots.Slot slot,
            String connectionId,
            Identity identity,
            OptionalLong version) {
        this.secrets = secrets;
        this.slot = slot;
        this.connectionId = connectionId;
        this.identity = identity;
        this.version = version;
    }

    @Override
    public <T> Refreshed<T> refresh(Property<Secret> property, Secret held, Refresh<T> refresh) throws IOException {
        requireNonNull(property, "property is null");
        requireNonNull(held, "held is null");
        requireNonNull(refresh, "refresh is null");
        String key = property.name();
        slot.lock.lock();
        try {
            Secret current = slot.newest(key, held);
            Optional<CredentialResolver.StoredValue> stored = secrets.read(connectionId, identity, key);
            if (stored.isPresent() && !slot.leadsTo(key, stored.get().secret(), current) && adopts(stored.get())) {
                current = slot.newest(key, stored.get().secret());
            }
            Refreshed<T> refreshed = requireNonNull(refresh.refresh(current), "the refresh returned nothing");
            Secret after = refreshed.secret();
            if (!after.equals(current)) {
                slot.rotated(key, current, after);
                if (stored.isPresent() && slot.leadsTo(key, stored.get().secret(), after)) {
                    secrets.replace(
                            connectionId, identity, key, stored.get(), after, value -> slot.leadsTo(key, value, after));
                } else {
                    secrets.dropped(connectionId, identity, key);
                }
            }
            return refreshed;
        } finally {
            slot.lock.unlock();
        }
    }

    private boolean adopts(CredentialResolver.StoredValue stored) {
        if (version.isEmpty()) {
            return false;
        }
        return !identity.isOwner() || stored.version() == version.getAsLong();
    }

    @Override
    public String toString() {
        return "ClientRotation[" + connectionId + " as " + identity + "]";
    }
}
