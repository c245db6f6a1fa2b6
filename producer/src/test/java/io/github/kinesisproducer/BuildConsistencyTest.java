package io.github.kinesisproducer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The release build's promises that no plugin checks: the BOM (which has no parent, on purpose) has the build's
 * version and names every module that is published, and every published module has the metadata Maven Central
 * requires through the parent.
 */
class BuildConsistencyTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBomListsEveryPublishedModuleAtTheBuildsVersion() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        Document bom = read(ROOT.resolve("bom/pom.xml"));
        String version = child(parent.getDocumentElement(), "version");
        assertThat(child(bom.getDocumentElement(), "version")).as("BOM version").isEqualTo(version);

        List<String> published = new ArrayList<>();
        for (String module : modules(ROOT)) {
            Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
            String packaging = child(pom.getDocumentElement(), "packaging");
            boolean skipped = pom.getDocumentElement().getElementsByTagName("maven.deploy.skip").getLength() > 0;
            if (!skipped && !"pom".equals(packaging)) {
                published.add(child(pom.getDocumentElement(), "artifactId"));
            }
        }
        List<String> managed = new ArrayList<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            managed.add(child(d, "artifactId"));
            assertThat(child(d, "version")).isEqualTo("${project.version}");
        }
        assertThat(published).as("published modules").contains("kinesis-producer");
        assertThat(managed).as("artifacts in bom/pom.xml").containsExactlyInAnyOrderElementsOf(published);
    }

    @Test
    void theParentCarriesWhatMavenCentralRequires() throws Exception {
        Element project = read(ROOT.resolve("pom.xml")).getDocumentElement();
        for (String required : List.of("name", "description", "url", "licenses", "developers", "scm")) {
            assertThat(project.getElementsByTagName(required).getLength()).as(required).isPositive();
        }
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
    }

    /** Modules of the root pom and, recursively, of aggregator modules (bench has its own). */
    private static List<String> modules(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        NodeList list = read(dir.resolve("pom.xml")).getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            Path m = dir.resolve(list.item(i).getTextContent().trim());
            out.add(ROOT.relativize(m).toString());
            out.addAll(modules(m));
        }
        return out;
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    /** The text of a direct child element, or null. */
    private static String child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c.getTextContent().trim();
            }
        }
        return null;
    }
}
