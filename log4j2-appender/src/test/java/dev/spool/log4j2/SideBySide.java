package dev.spool.log4j2;

import dev.spool.engine.testing.ConfigTwins;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

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
        final Document doc = ConfigTwins.read(resource);
        final List<String> twinned = new ArrayList<>();
        for (Node appenders = doc.getDocumentElement().getFirstChild(); appenders != null;
             appenders = appenders.getNextSibling()) {
            if (!(appenders instanceof Element) || !((Element) appenders).getTagName().equals("Appenders")) {
                continue;
            }
            final List<Element> found = new ArrayList<>();
            for (Node n = appenders.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element && FILE_APPENDERS.contains(((Element) n).getTagName())) {
                    found.add((Element) n);
                }
            }
            for (final Element a : found) {
                doc.renameNode(ConfigTwins.twin(a), null, "Spool");
                twinned.add(a.getAttribute("name"));
            }
        }
        ConfigTwins.twinReferences(doc, "AppenderRef", "ref", twinned);
        final Path file = ConfigTwins.write(doc, dir, resource);
        return Configurator.initialize("side-by-side-" + resource, file.toUri().toString());
    }
}
