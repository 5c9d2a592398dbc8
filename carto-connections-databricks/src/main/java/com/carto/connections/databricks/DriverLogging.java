package com.carto.connections.databricks;

/**
 * Silences the HTTP client shaded inside the driver. Its {@code …apache.http.headers} and {@code …apache.http.wire}
 * loggers write every request header at DEBUG, {@code Authorization: Bearer <token>} included, through the shaded
 * commons-logging into the application's SLF4J: an application that turns DEBUG on would log its users' tokens
 * (ConnectionProviderContract's secret test caught it). The shaded commons-logging reads its implementation from
 * system properties of its own relocated names, which touch nothing but the driver's copy; an application that set
 * them itself keeps its choice.
 */
final class DriverLogging {
    private static final String PREFIX = "com.databricks.internal.apache.commons.logging.";

    private DriverLogging() {}

    static void silenceShadedHttpClient() {
        setIfAbsent(PREFIX + "LogFactory", PREFIX + "impl.LogFactoryImpl");
        setIfAbsent(PREFIX + "Log", PREFIX + "impl.NoOpLog");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
