package com.carto.connections.spi.jdbc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code host} may be: a host name or an IP address, nothing that could change the shape of a URL built
 * around it. A host goes into {@code jdbc:…://host:port/database}, where a {@code /}, {@code ?}, {@code #}, {@code @}
 * or stray {@code :} would add a path, driver parameters, a fragment or user information, or move the connection
 * (and the password sent on it) to another server than the one the form shows.
 */
final class HostNames {
    // Letters, digits, '-' and (as Docker and some internal DNS use it) '_', in labels of 1–63 that neither start nor
    // end with '-'; an IPv4 address is such a name too. A trailing dot (a fully qualified name) is allowed.
    private static final Pattern NAME =
            Pattern.compile("(?=.{1,253}\\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
                    + "(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private HostNames() {}

    /** Why {@code host} is not a host name or an IP address, or empty when it is one. */
    static Optional<String> problem(String host) {
        return isHost(host)
                ? Optional.empty()
                : Optional.of("must be a host name (letters, digits, '-', '_' and '.') or an IP address");
    }

    static boolean isHost(String host) {
        if (host.indexOf(':') < 0) {
            return NAME.matcher(host).matches();
        }
        int percent = host.indexOf('%');
        String address = percent < 0 ? host : host.substring(0, percent);
        if (percent >= 0 && !ZONE.matcher(host.substring(percent + 1)).matches()) {
            return false;
        }
        if (!IPV6.matcher(address).matches()) {
            return false;
        }
        try {
            // In brackets the JDK parses an IPv6 literal and never asks DNS: it is refused if it is not one.
            InetAddress.getByName("[" + address + "]");
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
