package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
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
import java.util.List;
import java.util.Set;

/**
 * Runs a stock logback.xml fixture beside its Spool twin, as a user swaps it: every
 * {@code FileAppender} and {@code RollingFileAppender} (alone or inside a SiftingAppender, which
 * is then copied whole) is copied with the class {@code dev.spool.logback.SpoolAppender}, named
 * {@code spool-<name>}, with {@code /stock/} in its text and attributes turned into
 * {@code /spool/}, and each {@code appender-ref} to it gets a twin. Both then see the same events
 * in one LoggerContext.
 */
final class SideBySide {
    static final Set<String> FILE_APPENDERS = Set.of("ch.qos.logback.core.FileAppender",
        "ch.qos.logback.core.rolling.RollingFileAppender");

    private SideBySide() {
    }

    /** Configures {@code context} with the fixture and its twins; the twinned file is written into {@code dir}. */
    static void configure(final LoggerContext context, final String resource, final Path dir) throws Exception {
        final Document doc;
        try (InputStream in = SideBySide.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        final List<String> twinned = new ArrayList<>();
        final List<Element> found = new ArrayList<>();
        for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals("appender")) {
                found.add((Element) n);
            }
        }
        for (final Element a : found) {
            // A file appender is twinned; so is a SiftingAppender around one, as a whole with the
            // file appenders inside it swapped (a sift holds one appender).
            final List<Element> files = fileAppenders(a);
            if (!files.isEmpty()) {
                final Element twin = (Element) a.cloneNode(true);
                for (final Element f : fileAppenders(twin)) {
                    f.setAttribute("class", SpoolAppender.class.getName());
                }
                twin.setAttribute("name", "spool-" + a.getAttribute("name"));
                toSpoolDirectory(twin);
                a.getParentNode().insertBefore(twin, a.getNextSibling());
                twinned.add(a.getAttribute("name"));
            }
        }
        final NodeList refs = doc.getElementsByTagName("appender-ref");
        final List<Element> refList = new ArrayList<>();
        for (int i = 0; i < refs.getLength(); i++) {
            refList.add((Element) refs.item(i));
        }
        for (final Element ref : refList) {
            if (twinned.contains(ref.getAttribute("ref"))) {
                final Element twin = (Element) ref.cloneNode(true);
                twin.setAttribute("ref", "spool-" + ref.getAttribute("ref"));
                ref.getParentNode().insertBefore(twin, ref.getNextSibling());
            }
        }
        final Path file = dir.resolve("twinned-" + Path.of(resource).getFileName());
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(file.toFile()));
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(file.toFile());
    }

    /** The appender itself if it writes files, else the file appenders inside it. */
    private static List<Element> fileAppenders(final Element appender) {
        if (FILE_APPENDERS.contains(appender.getAttribute("class"))) {
            return List.of(appender);
        }
        final List<Element> l = new ArrayList<>();
        final NodeList inner = appender.getElementsByTagName("appender");
        for (int i = 0; i < inner.getLength(); i++) {
            if (FILE_APPENDERS.contains(((Element) inner.item(i)).getAttribute("class"))) {
                l.add((Element) inner.item(i));
            }
        }
        return l;
    }

    private static void toSpoolDirectory(final Node n) {
        if (n.getNodeType() == Node.TEXT_NODE) {
            n.setNodeValue(n.getNodeValue().replace("/stock/", "/spool/"));
        }
        final NamedNodeMap attributes = n.getAttributes();
        for (int i = 0; attributes != null && i < attributes.getLength(); i++) {
            attributes.item(i).setNodeValue(attributes.item(i).getNodeValue().replace("/stock/", "/spool/"));
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            toSpoolDirectory(c);
        }
    }
}
