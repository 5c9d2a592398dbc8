package com.carto.connections.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The BOM lists every published module of the build at the build's own version, so that importing it pins them all;
 * and it inherits nothing, so it pins nothing else.
 */
class BomTest {
    private static final Set<String> UNPUBLISHED =
            Set.of("carto-connections-bom", "examples", "examples/spring-boot", "benchmarks");

    @Test
    void listsEveryPublishedModuleAtTheBuildsVersion() throws Exception {
        Document parent = read(Path.of("../pom.xml"));
        Document bom = read(Path.of("../carto-connections-bom/pom.xml"));
        String version = childText(parent.getDocumentElement(), "version");
        List<String> modules = new ArrayList<>();
        NodeList moduleNodes = parent.getElementsByTagName("module");
        for (int index = 0; index < moduleNodes.getLength(); index++) {
            String module = moduleNodes.item(index).getTextContent().strip();
            if (!UNPUBLISHED.contains(module)) {
                modules.add(module);
            }
        }
        List<String> pinned = new ArrayList<>();
        NodeList dependencies = bom.getElementsByTagName("dependency");
        for (int index = 0; index < dependencies.getLength(); index++) {
            Element dependency = (Element) dependencies.item(index);
            assertThat(childText(dependency, "version"))
                    .as(childText(dependency, "artifactId"))
                    .isEqualTo(version);
            pinned.add(childText(dependency, "artifactId"));
        }
        assertThat(childText(bom.getDocumentElement(), "version")).isEqualTo(version);
        assertThat(pinned).containsExactlyInAnyOrderElementsOf(modules);
    }

    @Test
    void inheritsNoDependencyManagement() throws Exception {
        Document bom = read(Path.of("../carto-connections-bom/pom.xml"));
        assertThat(bom.getDocumentElement().getElementsByTagName("parent").getLength())
                .isZero();
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String childText(Element element, String name) {
        NodeList children = element.getChildNodes();
        for (int index = 0; index < children.getLength(); index++) {
            if (children.item(index) instanceof Element child
                    && child.getTagName().equals(name)) {
                return child.getTextContent().strip();
            }
        }
        throw new AssertionError(element.getTagName() + " has no " + name);
    }
}
