package com.carto.connections.databricks;

import java.nio.ByteBuffer;

/**
 * Whether databricks-jdbc can read Arrow results in this JVM.
 *
 * <p>The driver asks the service for Arrow ({@code EnableArrow=1}, its default) and reads it with the Apache Arrow 17
 * it bundles, whose memory code makes {@code java.nio.Buffer.address} accessible when it first allocates; on Java 17
 * that fails unless the JVM opens {@code java.nio} to the driver ({@code --add-opens=java.base/java.nio=ALL-UNNAMED};
 * arrow.apache.org/docs/java/install.html), and the failure is an {@code ExceptionInInitializerError} out of the
 * first result, then a {@code NoClassDefFoundError} out of every other (seen with the driver's own Arrow classes).
 * So the provider asks for Arrow only when {@code java.nio} is open to the driver, and for {@code JSON_ARRAY}
 * ({@code EnableArrow=0}) otherwise, whose results {@link CompleteRows} checks for the driver's truncation.
 */
final class DriverArrow {
    private DriverArrow() {}

    /** The driver's {@code EnableArrow} setting for this JVM. */
    static String enableArrow() {
        return readable() ? "1" : "0";
    }

    static boolean readable() {
        return ByteBuffer.class.getModule().isOpen("java.nio", driverModule());
    }

    /** The JVM option that lets the driver read Arrow: its module is unnamed on the class path, named on the module path. */
    static String openingOption() {
        Module driver = driverModule();
        return "--add-opens=java.base/java.nio=" + (driver.isNamed() ? driver.getName() : "ALL-UNNAMED");
    }

    private static Module driverModule() {
        return com.databricks.client.jdbc.Driver.class.getModule();
    }
}
