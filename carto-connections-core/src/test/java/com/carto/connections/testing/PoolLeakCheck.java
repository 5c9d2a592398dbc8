package com.carto.connections.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test, and its class, that leaves a pooled connection borrowed: after each test and after the class, every
 * HikariCP pool registered in JMX must have no active connection. Borrowing ends asynchronously in places (an
 * abandoned result, an abort), so each check waits up to 5 s for the count to reach zero.
 *
 * <p>Pools register in JMX only with {@code registerMbeans=true}; a module turns that on for its tests, together with
 * HikariCP's own leak detection, through the {@code hikaricp.configurationFile} system property:
 *
 * <pre>
 * &#64;RegisterExtension static final PoolLeakCheck LEAKS = new PoolLeakCheck();
 * </pre>
 */
public final class PoolLeakCheck implements AfterEachCallback, AfterAllCallback {
    private static final long WAIT_NANOS = 5_000_000_000L;

    @Override
    public void afterEach(ExtensionContext context) {
        assertNoneBorrowed("after " + context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoneBorrowed("after the class " + context.getDisplayName());
    }

    /** The borrowed connections of each registered pool, as "name=count", for pools that have any. */
    public static List<String> borrowed() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> borrowed = new ArrayList<>();
        for (ObjectName pool : pools(server)) {
            try {
                int active = ((Number) server.getAttribute(pool, "ActiveConnections")).intValue();
                if (active > 0) {
                    borrowed.add(pool.getKeyPropertyListString() + "=" + active);
                }
            } catch (JMException e) {
                // The pool closed between listing and reading: it holds nothing any more.
            }
        }
        return borrowed;
    }

    /** The HikariCP pools registered now (not their configuration beans). */
    public static int registeredPools() {
        return pools(ManagementFactory.getPlatformMBeanServer()).size();
    }

    private static Set<ObjectName> pools(MBeanServer server) {
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName("com.zaxxer.hikari:*"), null);
            names.removeIf(name -> name.getKeyProperty("type") == null
                    || name.getKeyProperty("type").startsWith("PoolConfig"));
            return names;
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertNoneBorrowed(String when) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        List<String> borrowed = borrowed();
        while (!borrowed.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            borrowed = borrowed();
        }
        if (!borrowed.isEmpty()) {
            throw new AssertionError("Pooled connections still borrowed " + when + ": " + borrowed);
        }
    }
}
