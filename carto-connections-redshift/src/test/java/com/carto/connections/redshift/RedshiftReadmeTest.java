package com.carto.connections.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.carto.connections.testing.PropertyTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RedshiftReadmeTest {
    @Test
    void readmeCarriesThePropertyTablesOfTheDescriptors() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme)
                .as("regenerate the tables with PropertyTables.markdown(new RedshiftProvider())")
                .contains(PropertyTables.markdown(new RedshiftProvider()));
    }

    @Test
    void readmeNamesEveryStartupParameterTheProxyRemoves() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(RedshiftStartupProxy.REDSHIFT_ONLY_PARAMETERS)
                .allSatisfy(name -> assertThat(readme).contains("`" + name + "`"));
    }
}
