package com.carto.connections.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.PropertyTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabricksReadmeTest {
    @Test
    void readmeCarriesThePropertyTablesOfTheDescriptors() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme)
                .as("regenerate the tables with PropertyTables.markdown(new DatabricksProvider())")
                .contains(PropertyTables.markdown(new DatabricksProvider()));
    }
}
