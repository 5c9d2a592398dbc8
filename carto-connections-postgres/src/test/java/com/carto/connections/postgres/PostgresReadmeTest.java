package com.carto.connections.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.PropertyTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PostgresReadmeTest {
    @Test
    void readmeCarriesThePropertyTableOfTheDescriptors() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme)
                .as("regenerate the table with PropertyTables.markdown(new PostgresProvider())")
                .contains(PropertyTables.markdown(new PostgresProvider()));
    }
}
