package com.carto.connections.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.PropertyTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OracleReadmeTest {
    @Test
    void readmeCarriesThePropertyTablesOfTheDescriptors() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme)
                .as("regenerate the tables with PropertyTables.markdown(new OracleProvider())")
                .contains(PropertyTables.markdown(new OracleProvider()));
    }
}
