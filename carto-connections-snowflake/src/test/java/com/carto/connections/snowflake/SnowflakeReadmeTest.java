package com.carto.connections.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.PropertyTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SnowflakeReadmeTest {
    @Test
    void readmeCarriesThePropertyTablesOfTheDescriptors() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String tables = PropertyTables.markdown(new SnowflakeProvider());
        Files.writeString(Path.of("target", "property-tables.md"), tables);
        assertThat(readme)
                .as("regenerate the tables with PropertyTables.markdown(new SnowflakeProvider()), written to"
                        + " target/property-tables.md")
                .contains(tables);
    }
}
