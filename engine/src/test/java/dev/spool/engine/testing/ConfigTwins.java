package dev.spool.engine.testing;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The framework-neutral part of running a stock XML configuration beside its Spool twin (each
 * adapter's {@code SideBySide} decides which appenders to twin and how): read the fixture, turn
 * {@code /stock/} into {@code /spool/} in a twin, give each reference to a twinned appender a
 * twin reference, write the result.
 */
public final class ConfigTwins {
    /** The prefix of a twin's name. */
    public static final String PREFIX = "spool-";

    private ConfigTwins() {
    }

    /**
     * Makes {@code dir/stock} and {@code dir/spool}, the two sides a twinned configuration writes,
     * and points the fixtures' {@code spool.test.dir} at {@code dir}.
     */
    public static void sides(final Path dir) throws IOException {
        System.setProperty("spool.test.dir", dir.toString());
        Files.createDirectories(dir.resolve("stock"));
        Files.createDirectories(dir.resolve("spool"));
    }

    /**
     * A file an earlier run left on both sides ({@code name} relative to each), last written
     * {@code age} ago; gzipped when its name ends in {@code .gz}.
     */
    public static void leftBehind(final Path dir, final String name, final String text, final Duration age)
        throws IOException {
        for (final String side : List.of("stock", "spool")) {
            final Path f = dir.resolve(side).resolve(name);
            Files.createDirectories(f.getParent());
            if (name.endsWith(".gz")) {
                try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(f))) {
                    gz.write(text.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                Files.writeString(f, text, StandardCharsets.UTF_8);
            }
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(age)));
        }
    }

    /** The test resource as a DOM document. */
    public static Document read(final String resource) throws Exception {
        try (InputStream in = ConfigTwins.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    /** A copy of {@code element} named {@code spool-<name>}, writing under spool/, placed after it. */
    public static Element twin(final Element element) {
        final Element twin = (Element) element.cloneNode(true);
        twin.setAttribute("name", PREFIX + element.getAttribute("name"));
        toSpoolDirectory(twin);
        element.getParentNode().insertBefore(twin, element.getNextSibling());
        return twin;
    }

    /** Gives each {@code <tag attribute="name">} naming one of {@code twinned} a twin right after it. */
    public static void twinReferences(final Document doc, final String tag, final String attribute,
                                      final Collection<String> twinned) {
        twinReferences(doc, tag, attribute, twinned, List.of());
    }

    /**
     * As {@link #twinReferences(Document, String, String, Collection)}, leaving alone the references
     * inside an element named (tag or {@code name} attribute) in {@code wrappers}: an async wrapper
     * and its Spool twin each hold their own references.
     */
    public static void twinReferences(final Document doc, final String tag, final String attribute,
                                      final Collection<String> twinned, final Collection<String> wrappers) {
        for (final Element ref : elements(doc.getDocumentElement(), tag)) {
            final Element parent = (Element) ref.getParentNode();
            if (wrappers.contains(parent.getTagName()) || wrappers.contains(parent.getAttribute("name"))) {
                continue;
            }
            if (twinned.contains(ref.getAttribute(attribute))) {
                final Element twin = (Element) ref.cloneNode(true);
                twin.setAttribute(attribute, PREFIX + ref.getAttribute(attribute));
                ref.getParentNode().insertBefore(twin, ref.getNextSibling());
            }
        }
    }

    /**
     * Points the references ({@code <tag attribute="name">}) inside {@code wrapper} at the twins of
     * {@code twinned} appenders and removes the others: a Spool async wrapper in front of the Spool
     * twins only.
     */
    public static void referToTwins(final Element wrapper, final String tag, final String attribute,
                                    final Collection<String> twinned) {
        for (final Element ref : elements(wrapper, tag)) {
            if (twinned.contains(ref.getAttribute(attribute))) {
                ref.setAttribute(attribute, PREFIX + ref.getAttribute(attribute));
            } else {
                ref.getParentNode().removeChild(ref);
            }
        }
    }

    /** The elements below {@code root} named {@code tag} in any case (Log4j2 reads {@code <Appender-ref>} too), in document order. */
    private static List<Element> elements(final Element root, final String tag) {
        final NodeList all = root.getElementsByTagName("*");
        final List<Element> found = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            if (((Element) all.item(i)).getTagName().equalsIgnoreCase(tag)) {
                found.add((Element) all.item(i));
            }
        }
        return found;
    }

    /** Writes the document to {@code dir/twinned-<name of the resource>} and returns that file. */
    public static Path write(final Document doc, final Path dir, final String resource) throws Exception {
        final Path file = dir.resolve("twinned-" + Path.of(resource).getFileName());
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(file.toFile()));
        return file;
    }

    /** {@code /stock/} to {@code /spool/} in the text and attributes below {@code n} (a path ending in /stock too). */
    private static void toSpoolDirectory(final Node n) {
        if (n.getNodeType() == Node.TEXT_NODE) {
            n.setNodeValue(spool(n.getNodeValue()));
        }
        final NamedNodeMap attributes = n.getAttributes();
        for (int i = 0; attributes != null && i < attributes.getLength(); i++) {
            attributes.item(i).setNodeValue(spool(attributes.item(i).getNodeValue()));
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            toSpoolDirectory(c);
        }
    }

    /** {@code /stock/} to {@code /spool/} in {@code value}, and a value ending in {@code /stock} to {@code /spool}. */
    public static String spool(final String value) {
        final String s = value.replace("/stock/", "/spool/");
        return s.endsWith("/stock") ? s.substring(0, s.length() - "stock".length()) + "spool" : s;
    }
}
