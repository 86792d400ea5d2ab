package dev.spool.log4j2;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs a stock log4j2.xml fixture beside its Spool twin, as a user swaps it: every file appender
 * ({@code File}, {@code RandomAccessFile}, {@code RollingFile}, {@code RollingRandomAccessFile})
 * is copied as a {@code <Spool>} element named {@code spool-<name>}, with {@code /stock/} in every
 * attribute of it (file names, patterns, a Delete's basePath) turned into {@code /spool/}, and each
 * {@code AppenderRef} to it gets a twin. Both then see the same events in one LoggerContext, and a
 * test compares the directories {@code stock} and {@code spool}.
 */
final class SideBySide {
    static final Set<String> FILE_APPENDERS = Set.of("File", "RandomAccessFile", "RollingFile", "RollingRandomAccessFile");

    private SideBySide() {
    }

    /** Starts the fixture {@code resource} with its Spool twins; the twin configuration is written into {@code dir}. */
    static LoggerContext start(final String resource, final Path dir) throws Exception {
        final Document doc;
        try (InputStream in = SideBySide.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        final List<String> twinned = new ArrayList<>();
        for (final Element appenders : children(doc.getDocumentElement(), "Appenders")) {
            for (final Element a : children(appenders, null)) {
                if (FILE_APPENDERS.contains(a.getTagName())) {
                    final Element twin = (Element) doc.renameNode(a.cloneNode(true), null, "Spool");
                    twin.setAttribute("name", "spool-" + a.getAttribute("name"));
                    toSpoolDirectory(twin);
                    appenders.insertBefore(twin, a.getNextSibling());
                    twinned.add(a.getAttribute("name"));
                }
            }
        }
        final NodeList refs = doc.getElementsByTagName("AppenderRef");
        final List<Element> found = new ArrayList<>();
        for (int i = 0; i < refs.getLength(); i++) {
            found.add((Element) refs.item(i));
        }
        for (final Element ref : found) {
            if (twinned.contains(ref.getAttribute("ref"))) {
                final Element twin = (Element) ref.cloneNode(true);
                twin.setAttribute("ref", "spool-" + ref.getAttribute("ref"));
                ref.getParentNode().insertBefore(twin, ref.getNextSibling());
            }
        }
        final Path file = dir.resolve("twinned-" + Path.of(resource).getFileName());
        final var out = TransformerFactory.newInstance().newTransformer();
        out.setOutputProperty(OutputKeys.INDENT, "no");
        out.transform(new DOMSource(doc), new StreamResult(file.toFile()));
        return Configurator.initialize("side-by-side-" + resource, file.toUri().toString());
    }

    private static void toSpoolDirectory(final Element e) {
        final NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            final Node a = attributes.item(i);
            a.setNodeValue(a.getNodeValue().replace("/stock/", "/spool/"));
            if (a.getNodeValue().endsWith("/stock")) {
                a.setNodeValue(a.getNodeValue().substring(0, a.getNodeValue().length() - "stock".length()) + "spool");
            }
        }
        for (final Element child : children(e, null)) {
            toSpoolDirectory(child);
        }
    }

    private static List<Element> children(final Element parent, final String tag) {
        final List<Element> l = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && (tag == null || ((Element) n).getTagName().equals(tag))) {
                l.add((Element) n);
            }
        }
        return l;
    }
}
