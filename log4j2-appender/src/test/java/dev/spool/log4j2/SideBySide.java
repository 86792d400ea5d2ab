package dev.spool.log4j2;

import dev.spool.engine.testing.ConfigTwins;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a stock log4j2.xml fixture beside its Spool twin, as a user swaps it: every file appender
 * ({@code File}, {@code RandomAccessFile}, {@code RollingFile}, {@code RollingRandomAccessFile})
 * is copied as a {@code <Spool>} element named {@code spool-<name>}, with {@code /stock/} in every
 * attribute of it (file names, patterns, a Delete's basePath) turned into {@code /spool/}, and each
 * {@code AppenderRef} to it gets a twin. A {@code Routing} appender is copied whole with the file
 * appenders of its routes swapped; an {@code Async} is copied as a {@code SpoolAsync} in front of
 * the twins of the file appenders it refers to. Both then see the same events in one LoggerContext, and a
 * test compares the directories {@code stock} and {@code spool}.
 */
final class SideBySide {
    static final Set<String> FILE_APPENDERS = Set.of("File", "RandomAccessFile", "RollingFile", "RollingRandomAccessFile");

    /** The spellings of a reference to an appender that configurations use (in any case). */
    private static final List<String> REFERENCES = List.of("AppenderRef", "appender-ref");

    private SideBySide() {
    }

    /** Starts the fixture {@code resource} with its Spool twins; the twin configuration is written into {@code dir}. */
    static LoggerContext start(final String resource, final Path dir) throws Exception {
        return start(resource, dir, false);
    }

    /**
     * As {@link #start(String, Path)}; with {@code stockBehindAsync}, each stock file appender is
     * also put behind a Log4j2 {@code <Async>} (named {@code async-<name>}), so that the stock
     * files are laid out on a background thread, as Spool lays its out.
     */
    static LoggerContext start(final String resource, final Path dir, final boolean stockBehindAsync) throws Exception {
        final Document doc = ConfigTwins.read(resource);
        final List<String> twinned = new ArrayList<>();
        final List<Element> stockFiles = new ArrayList<>();
        final List<Element> asyncs = new ArrayList<>();
        for (Node appenders = doc.getDocumentElement().getFirstChild(); appenders != null;
             appenders = appenders.getNextSibling()) {
            // Log4j2 reads element names in any case (Storm writes <appenders>, <appender-ref>).
            if (!(appenders instanceof Element) || !((Element) appenders).getTagName().equalsIgnoreCase("Appenders")) {
                continue;
            }
            final List<Element> found = new ArrayList<>();
            for (Node n = appenders.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element && (FILE_APPENDERS.contains(((Element) n).getTagName())
                    || ((Element) n).getTagName().equals("Routing"))) {
                    found.add((Element) n);
                } else if (n instanceof Element && ((Element) n).getTagName().equals("Async")) {
                    asyncs.add((Element) n);
                }
            }
            for (final Element a : found) {
                final Element twin = ConfigTwins.twin(a);
                if (a.getTagName().equals("Routing")) {
                    // Each route's appender is made anew per key: the whole Routing is twinned.
                    for (final Element f : routedFileAppenders(twin)) {
                        doc.renameNode(f, null, "Spool");
                    }
                } else {
                    doc.renameNode(twin, null, "Spool");
                    stockFiles.add(a);
                }
                twinned.add(a.getAttribute("name"));
            }
        }
        final List<String> wrappers = new ArrayList<>();
        for (final Element async : asyncs) {
            final Element twin = ConfigTwins.twin(async);
            doc.renameNode(twin, null, "SpoolAsync");
            for (final String ref : REFERENCES) {
                ConfigTwins.referToTwins(twin, ref, "ref", twinned);
            }
            wrappers.add(async.getAttribute("name"));
            wrappers.add(twin.getAttribute("name"));
        }
        twinned.addAll(asyncs.stream().map(a -> a.getAttribute("name")).toList());
        for (final String ref : REFERENCES) {
            ConfigTwins.twinReferences(doc, ref, "ref", twinned, wrappers);
        }
        if (stockBehindAsync) {
            behindAsync(doc, stockFiles);
        }
        final Path file = ConfigTwins.write(doc, dir, resource);
        return Configurator.initialize("side-by-side-" + resource, file.toUri().toString());
    }

    /** Puts each of {@code files} behind an {@code <Async name="async-<name>">} its references now name. */
    private static void behindAsync(final Document doc, final List<Element> files) {
        final List<Element> refs = new ArrayList<>();
        final NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            if (REFERENCES.stream().anyMatch(((Element) all.item(i)).getTagName()::equalsIgnoreCase)) {
                refs.add((Element) all.item(i));
            }
        }
        for (final Element f : files) {
            final String name = f.getAttribute("name");
            for (final Element ref : refs) {
                if (ref.getAttribute("ref").equals(name)) {
                    ref.setAttribute("ref", "async-" + name);
                }
            }
            final Element async = doc.createElement("Async");
            async.setAttribute("name", "async-" + name);
            final Element ref = doc.createElement("AppenderRef");
            ref.setAttribute("ref", name);
            async.appendChild(ref);
            f.getParentNode().insertBefore(async, f.getNextSibling());
        }
    }

    /**
     * As {@link #start}, for a configuration in Log4j2's properties syntax: each
     * {@code appender.<id>.*} of a file appender is copied as {@code appender.spool_<id>.*} of type
     * {@code Spool}, and each {@code ...appenderRef.<r>.ref = <name>} to one gets a twin.
     */
    static LoggerContext startProperties(final String resource, final Path dir, final boolean stockBehindAsync)
        throws Exception {
        final java.util.Properties stock = new java.util.Properties();
        try (java.io.InputStream in = SideBySide.class.getClassLoader().getResourceAsStream(resource)) {
            stock.load(in);
        }
        final java.util.Map<String, String> twinnedNames = new java.util.HashMap<>();
        for (final String key : stock.stringPropertyNames()) {
            final String[] part = key.split("\\.");
            if (part.length == 3 && part[0].equals("appender") && part[2].equals("type")
                && FILE_APPENDERS.contains(stock.getProperty(key).trim())) {
                twinnedNames.put(stock.getProperty("appender." + part[1] + ".name").trim(), part[1]);
            }
        }
        final java.util.Properties twins = new java.util.Properties();
        twins.putAll(stock);
        for (final String key : stock.stringPropertyNames()) {
            final String value = stock.getProperty(key).trim();
            final String[] part = key.split("\\.");
            if (part[0].equals("appender") && twinnedNames.containsValue(part[1])) {
                final String twinKey = "appender.spool_" + key.substring("appender.".length());
                twins.setProperty(twinKey, part.length == 3 && part[2].equals("type") ? "Spool"
                    : part.length == 3 && part[2].equals("name") ? ConfigTwins.PREFIX + value
                    : ConfigTwins.spool(value));
            } else if (key.endsWith(".ref") && twinnedNames.containsKey(resolve(stock, value)) && part.length >= 3
                && part[part.length - 3].equals("appenderRef")) {
                final String id = part[part.length - 2];
                part[part.length - 2] = "spool_" + id;
                twins.setProperty(String.join(".", part), ConfigTwins.PREFIX + resolve(stock, value));
                // The older style lists the reference ids: "<logger>.appenderRefs = id, ...".
                final String list = String.join(".", java.util.Arrays.copyOf(part, part.length - 2)) + "s";
                if (stock.containsKey(list)) {
                    twins.setProperty(list, twins.getProperty(list) + ", spool_" + id);
                }
            }
        }
        if (stock.containsKey("appenders")) { // the older style's list of appender ids
            for (final String id : twinnedNames.values()) {
                twins.setProperty("appenders", twins.getProperty("appenders") + ", spool_" + id);
            }
        }
        if (stockBehindAsync) {
            for (final String key : twins.stringPropertyNames()) {
                final String[] part = key.split("\\.");
                if (key.endsWith(".ref") && twinnedNames.containsKey(resolve(stock, twins.getProperty(key)))) {
                    twins.setProperty(key, "async-" + resolve(stock, twins.getProperty(key)));
                }
            }
            for (final Map.Entry<String, String> f : twinnedNames.entrySet()) {
                twins.setProperty("appender.async_" + f.getValue() + ".type", "Async");
                twins.setProperty("appender.async_" + f.getValue() + ".name", "async-" + f.getKey());
                twins.setProperty("appender.async_" + f.getValue() + ".file.type", "AppenderRef");
                twins.setProperty("appender.async_" + f.getValue() + ".file.ref", f.getKey());
                if (stock.containsKey("appenders")) {
                    twins.setProperty("appenders", twins.getProperty("appenders") + ", async_" + f.getValue());
                }
            }
        }
        final Path file = dir.resolve("twinned-" + Path.of(resource).getFileName());
        try (java.io.Writer out = java.nio.file.Files.newBufferedWriter(file)) {
            twins.store(out, "twinned " + resource);
        }
        return Configurator.initialize("side-by-side-" + resource, file.toUri().toString());
    }

    /** {@code ${sys:name}} as Log4j2 resolves it when the system property is not set: {@code property.name}. */
    private static String resolve(final java.util.Properties config, final String value) {
        if (value.startsWith("${sys:") && value.endsWith("}")) {
            final String name = value.substring("${sys:".length(), value.length() - 1);
            return System.getProperty(name, config.getProperty("property." + name, value)).trim();
        }
        return value;
    }

    private static List<Element> routedFileAppenders(final Element routing) {
        final List<Element> l = new ArrayList<>();
        for (final String tag : FILE_APPENDERS) {
            final NodeList inner = routing.getElementsByTagName(tag);
            for (int i = 0; i < inner.getLength(); i++) {
                l.add((Element) inner.item(i));
            }
        }
        return l;
    }
}
