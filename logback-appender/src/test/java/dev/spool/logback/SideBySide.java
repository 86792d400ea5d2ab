package dev.spool.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.spool.engine.testing.ConfigTwins;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

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
        final Document doc = ConfigTwins.read(resource);
        final List<Element> found = new ArrayList<>();
        for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals("appender") && !fileAppenders((Element) n)
                .isEmpty()) {
                found.add((Element) n);
            }
        }
        final List<String> twinned = new ArrayList<>();
        for (final Element a : found) {
            // A sift holds one appender: a SiftingAppender is twinned whole, its file appenders swapped.
            for (final Element f : fileAppenders(ConfigTwins.twin(a))) {
                f.setAttribute("class", SpoolAppender.class.getName());
            }
            twinned.add(a.getAttribute("name"));
        }
        ConfigTwins.twinReferences(doc, "appender-ref", "ref", twinned);
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(ConfigTwins.write(doc, dir, resource).toFile());
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
}
