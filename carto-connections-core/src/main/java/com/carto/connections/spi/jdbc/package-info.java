/**
 * The JDBC provider base: a JDBC provider is its property catalogue, its dialect and how settings become a connection
 * factory; {@link com.carto.connections.spi.jdbc.JdbcConnectionProvider} owns everything else (its {@code open} is
 * final): a lazily built HikariCP pool that holds no socket while idle, streaming with autocommit off and a fetch
 * size, timeouts that cancel on the warehouse for the whole life of a result, row and byte limits, the staged check
 * with a deadline per stage, write-back, and an {@code information_schema} catalog with keyset pages.
 *
 * <h2>A whole provider</h2>
 * A provider for a PostGIS-enabled warehouse reached with pgjdbc, reading geometry as WKB beside its SRID (the real
 * PostgreSQL provider reads EWKB through {@link com.carto.connections.spi.jdbc.PostgresFamilyDialect}). It is compiled
 * and run against a real PostgreSQL as {@code ExampleProvider} in core's tests, which keep this text identical
 * ({@code DATABASE}, {@code USERNAME} and {@code PASSWORD} are {@code JdbcProperties}'s, imported statically):
 * <pre>
 * public final class ExampleProvider extends JdbcConnectionProvider {
 *     static final Property&lt;String&gt; HOST = JdbcProperties.host("Host name or IP address of the server");
 *     static final Property&lt;Integer&gt; PORT = JdbcProperties.port(5432, "TCP port of the server");
 *     static final AuthMethod PASSWORD_METHOD =
 *             new AuthMethod("password", "User and password", List.of(HOST, PORT, DATABASE, USERNAME, PASSWORD));
 *
 *     public ExampleProvider() {
 *         super(
 *                 "example",
 *                 "Example",
 *                 List.of(PASSWORD_METHOD),
 *                 new ExampleDialect(),
 *                 EnumSet.of(Capability.WRITE_BACK, Capability.SPATIAL));
 *     }
 *
 *     &#64;Override
 *     protected JdbcConnectionFactory connectionFactory(ConnectionSettings settings, ProviderContext context) {
 *         ServerAddress address = new ServerAddress(settings.get(HOST), settings.get(PORT));
 *         return JdbcConnectionFactory.builder(
 *                         new org.postgresql.Driver(), address.url("jdbc:postgresql:", settings.get(DATABASE)))
 *                 .property("user", settings.get(USERNAME))
 *                 .credentials(CredentialSource.secret("password", settings.get(PASSWORD)))
 *                 .address(address)
 *                 .suspects(CheckSuspects.none()
 *                         .with(CheckStage.RESOLVE_HOST, HOST)
 *                         .with(CheckStage.CONNECT, HOST, PORT)
 *                         .with(CheckStage.AUTHENTICATE, USERNAME, PASSWORD)
 *                         .with(CheckStage.REACH_DATABASE, DATABASE))
 *                 .build();
 *     }
 *
 *     static final class ExampleDialect implements JdbcDialect {
 *         &#64;Override
 *         public ErrorCategory categorize(String sqlState, int vendorCode) {
 *             return PostgresFamilySqlStates.categorize(sqlState);
 *         }
 *
 *         &#64;Override
 *         public GeometryRead geometryRead(String quotedColumn, String nativeTypeName) {
 *             return GeometryRead.wkb("ST_AsBinary(" + quotedColumn + ")").withSridFrom("ST_SRID(" + quotedColumn + ")");
 *         }
 *
 *         &#64;Override
 *         public Optional&lt;String&gt; spatialProbe() {
 *             return Optional.of("select postgis_lib_version()");
 *         }
 *     }
 * }
 * </pre>
 * Register it in {@code META-INF/services/com.carto.connections.spi.ConnectionProvider}. What each part is for:
 * <ul>
 *   <li><b>Property catalogue</b>: the auth methods and their typed properties; the SDK validates raw input against them
 *       before the provider sees anything. {@link com.carto.connections.spi.jdbc.JdbcProperties} holds the descriptors
 *       JDBC providers share (host, port, database, user, password, TLS mode, CA certificate) and the PEM check.
 *   <li><b>Dialect</b> ({@link com.carto.connections.spi.jdbc.JdbcDialect}): error categories (one table-tested
 *       function), type names, the geometry read hook, bind and placeholder hooks (how each documented Java type is
 *       sent, and the SQL around its {@code ?} where the driver cannot type it), the cancel hook, connect-timeout
 *       properties, and the SQL
 *       of {@link com.carto.connections.spi.Dialect}. PostgreSQL and Redshift share
 *       {@link com.carto.connections.spi.jdbc.PostgresFamilyDialect} and override only what differs.
 *   <li><b>Connection factory</b> ({@link com.carto.connections.spi.jdbc.JdbcConnectionFactory}): the driver instance
 *       (used directly, never through {@code DriverManager}), a URL without secrets, driver properties, the
 *       {@link com.carto.connections.spi.jdbc.ServerAddress} the first check stages probe, the
 *       {@link com.carto.connections.spi.jdbc.CheckSuspects} a failed stage names, and a
 *       {@link com.carto.connections.spi.jdbc.CredentialSource}.
 * </ul>
 *
 * <h2>Credentials and resources</h2>
 * A credential source is asked each time a physical connection opens, so secrets are revealed only then and a
 * connection opened an hour later gets current credentials: {@code CredentialSource.secret("password", secret)} for a
 * static password; {@code CredentialSource.of("token", refresher::accessToken)} for an OAuth access token that a
 * refresher (given what it needs by the provider, from its settings and context) renews when it expires;
 * {@code CredentialSource.of("privateKey", keyPair::privateKey)} for a driver that takes a {@link java.security.PrivateKey}
 * object (snowflake-jdbc). A source that cannot supply credentials throws a
 * {@link com.carto.connections.error.ConnectionException} of its own category, which the query or the check reports.
 * Something that must exist while connections open, such as an Oracle wallet written to a temporary directory, is
 * added with {@code resource(...)}: it is closed when the client closes, after the pool.
 *
 * <h2>Geometry</h2>
 * Providers that declare {@link com.carto.connections.spi.Capability#SPATIAL} have each geometry column read through
 * {@link com.carto.connections.spi.jdbc.JdbcDialect#geometryRead}: a projection wrapped around the column
 * ({@code ST_AsEWKB(x)}, {@code SDO_UTIL.TO_WKBGEOMETRY(x)}, {@code ST_AsWKB(x)}) or the column itself, returning EWKB,
 * WKB, WKT or GeoJSON, with the SRID from the value, a second expression or the type. The query is wrapped only when a
 * read needs it, keeping every column's position and name; every encoding is decoded into
 * {@link com.carto.connections.query.Geometry} (ISO WKB, Z and M kept where the encoding carries them).
 *
 * <h2>Limits</h2>
 * One row limit: {@link com.carto.connections.spi.ResultLimits} counts rows and bytes for every provider, this base
 * included. {@code Dialect.limit} stays in the SPI because main code now calls it: a query's {@code maxRows} is pushed
 * down as SQL through
 * {@link com.carto.connections.spi.Dialect#limit}, one row past the limit so that "exactly at the limit" is told from
 * "over it": the warehouse plans for the limit (top-N sorts, fast-start plans) and stops producing rows, where a
 * driver-side {@code setMaxRows} stops only what is sent (and some drivers apply it only on the client). Timeouts are
 * enforced by the base for the whole life of a result, through {@link com.carto.connections.spi.jdbc.JdbcDialect#cancel},
 * since drivers' statement timeouts cover only the execute call; a connection still blocked shortly past the deadline
 * (a network gone silent delivers no cancel) is aborted with {@link java.sql.Connection#abort}, so a provider's driver
 * needs no socket timeout of its own. The check bounds its login by the stage deadline itself, for drivers that have no
 * connect timeout or ignore it.
 */
@NullMarked
package com.carto.connections.spi.jdbc;

import org.jspecify.annotations.NullMarked;
