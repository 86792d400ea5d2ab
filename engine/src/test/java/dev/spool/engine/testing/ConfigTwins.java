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
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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
        final NodeList refs = doc.getElementsByTagName(tag);
        final List<Element> found = new ArrayList<>();
        for (int i = 0; i < refs.getLength(); i++) {
            found.add((Element) refs.item(i));
        }
        for (final Element ref : found) {
            if (twinned.contains(ref.getAttribute(attribute))) {
                final Element twin = (Element) ref.cloneNode(true);
                twin.setAttribute(attribute, PREFIX + ref.getAttribute(attribute));
                ref.getParentNode().insertBefore(twin, ref.getNextSibling());
            }
        }
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

    private static String spool(final String value) {
        final String s = value.replace("/stock/", "/spool/");
        return s.endsWith("/stock") ? s.substring(0, s.length() - "stock".length()) + "spool" : s;
    }
}
