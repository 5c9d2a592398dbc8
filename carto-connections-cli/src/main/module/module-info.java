/**
 * The operator command line of carto-connections. It exports nothing: it is run, as
 * {@code java -p <module path> -m com.carto.connections.cli/com.carto.connections.cli.Cli}, or from its runnable jar.
 */
module com.carto.connections.cli {
    requires com.carto.connections;
    requires com.fasterxml.jackson.databind;
    requires com.zaxxer.hikari;
    requires info.picocli;
    requires static org.jspecify;

    // picocli reads the commands' annotations and sets their option fields by reflection.
    opens com.carto.connections.cli to
            info.picocli;
}
