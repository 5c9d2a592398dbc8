package com.carto.connections.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresFixtureTest {

    @RegisterExtension
    static final PostgresFixture POSTGRES = PostgresFixture.shared();

    @Test
    void connectsAsTheSuperuserToPostgres15() {
        assertThat(POSTGRES.psql("postgres", "SELECT current_user")).isEqualTo(POSTGRES.superuser());
        assertThat(POSTGRES.psql("postgres", "SHOW server_version_num")).startsWith("15");
        assertThat(POSTGRES.psql("postgres", "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
                .isEqualTo("t");
    }

    @Test
    void psqlReturnsUnalignedRowsAndRunsStatementsOneByOne() {
        String output = POSTGRES.psql("postgres", """
                CREATE TEMP TABLE t (a int, b text);
                INSERT INTO t VALUES (1, 'x'), (2, 'ü');
                SELECT a, b FROM t ORDER BY a;
                """);

        assertThat(output).isEqualTo("1|x\n2|ü");
    }

    @Test
    void psqlFailureCarriesTheServerError() {
        assertThatThrownBy(() -> POSTGRES.psql("postgres", "SELECT * FROM no_such_table"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("relation \"no_such_table\" does not exist");
    }

    @Test
    void createdDatabaseHasPostgisOnlyWhenAsked() {
        String gis = POSTGRES.createDatabase("fixture_gis", true);
        String plain = POSTGRES.createDatabase("fixture_plain", false);

        assertThat(gis).startsWith("fixture_gis_").isNotEqualTo(plain);
        assertThat(POSTGRES.psql(
                        gis, "SELECT ST_Area(ST_Union(ST_MakeEnvelope(0, 0, 2, 2), ST_MakeEnvelope(1, 1, 3, 3)))"))
                .as("GEOS")
                .isEqualTo("7");
        assertThat(POSTGRES.psql(gis, "SELECT round(ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(180, 0), 4326), 3857)))"))
                .as("PROJ and spatial_ref_sys")
                .isEqualTo("20037508");
        assertThat(POSTGRES.psql(gis, "SELECT extversion FROM pg_extension WHERE extname = 'postgis'"))
                .startsWith("3.");
        assertThat(POSTGRES.psql(plain, "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'"))
                .isEqualTo("0");
        assertThat(POSTGRES.psql(
                        "postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '" + gis + "'"))
                .isEqualTo(POSTGRES.superuser());
    }

    @Test
    void createdRoleLogsInWithItsPasswordOnly() {
        String role = POSTGRES.createRole("fixture_user", "s3cret 'quoted'");

        PostgresFixture.Result right = POSTGRES.psqlAs(role, "s3cret 'quoted'", "postgres", "SELECT current_user");
        PostgresFixture.Result wrong = POSTGRES.psqlAs(role, "not-the-password", "postgres", "SELECT 1");

        assertThat(right.exitCode()).as(right.stderr()).isZero();
        assertThat(right.stdout().strip()).isEqualTo(role);
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr()).contains("password authentication failed for user \"" + role + "\"");
        assertThat(POSTGRES.psql(
                        "postgres", "SELECT left(rolpassword, 3) FROM pg_authid WHERE rolname = '" + role + "'"))
                .as("md5 is what the Redshift driver can do")
                .isEqualTo("md5");
    }

    @Test
    void superuserNeedsItsPassword() {
        PostgresFixture.Result wrong = POSTGRES.psqlAs(POSTGRES.superuser(), "wrong", "postgres", "SELECT 1");

        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr()).contains("password authentication failed");
        assertThat(POSTGRES.psql("postgres", "SELECT type, address, auth_method FROM pg_hba_file_rules"))
                .isEqualTo("host|127.0.0.1|md5");
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        assertThat(POSTGRES.host()).isEqualTo("127.0.0.1");
        assertThat(POSTGRES.psql("postgres", "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(POSTGRES.host(), POSTGRES.port()), 2_000);
            assertThat(socket.isConnected()).isTrue();
        }
    }

    @Test
    void isNotReachableOnOtherAddressesOfThisMachine() throws SocketException {
        List<InetAddress> others = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .collect(Collectors.toList());
        assumeThat(others).as("non-loopback addresses").isNotEmpty();

        for (InetAddress address : others) {
            assertThatThrownBy(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress(address, POSTGRES.port()), 2_000);
                        }
                    })
                    .as("connecting via %s", address)
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void jdbcUrlPointsAtTheCluster() {
        assertThat(POSTGRES.jdbcUrl("db_1")).isEqualTo("jdbc:postgresql://127.0.0.1:" + POSTGRES.port() + "/db_1");
    }

    @Test
    void rejectsPrefixesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> POSTGRES.createDatabase("Bad-Name", false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Nested
    @ExtendWith(PostgresFixture.class)
    class RegisteredByClass {
        @Test
        void canBeRegisteredByClass() {
            assertThat(POSTGRES.psql("postgres", "SELECT 1")).isEqualTo("1");
        }
    }
}
