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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a stock logback.xml fixture beside its Spool twin, as a user swaps it: every
 * {@code FileAppender} and {@code RollingFileAppender} (alone or inside a SiftingAppender, which
 * is then copied whole) is copied with the class {@code dev.spool.logback.SpoolAppender}, named
 * {@code spool-<name>}, with {@code /stock/} in its text and attributes turned into
 * {@code /spool/}, and each {@code appender-ref} to it gets a twin. A top-level
 * {@code AsyncAppender} in front of any of them is copied as a {@code SpoolAsyncAppender} in front
 * of their twins only (one in front of other appenders alone, a console say, is left as it is).
 * Class names shortened by an {@code <import>} are understood. Both then see the same events in
 * one LoggerContext.
 */
final class SideBySide {
    static final Set<String> FILE_APPENDERS = Set.of("ch.qos.logback.core.FileAppender",
        "ch.qos.logback.core.rolling.RollingFileAppender");
    static final String ASYNC_APPENDER = "ch.qos.logback.classic.AsyncAppender";

    private SideBySide() {
    }

    /** Configures {@code context} with the fixture and its twins; the twinned file is written into {@code dir}. */
    static void configure(final LoggerContext context, final String resource, final Path dir) throws Exception {
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(twinned(resource, dir).toFile());
    }

    /** The appender elements of the configuration, those in a Spring Boot {@code <springProfile>} included. */
    private static List<Element> appenders(final Element root) {
        final List<Element> out = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals("appender")) {
                out.add((Element) n);
            } else if (n instanceof Element && ((Element) n).getTagName().equals("springProfile")) {
                out.addAll(appenders((Element) n));
            }
        }
        return out;
    }

    /** Writes the fixture with its twins into {@code dir} (see the class comment) and returns that file. */
    static Path twinned(final String resource, final Path dir) throws Exception {
        final Document doc = ConfigTwins.read(resource);
        final Map<String, String> imports = imports(doc);
        final List<Element> found = new ArrayList<>();
        final List<Element> asyncs = new ArrayList<>();
        for (final Node n : appenders(doc.getDocumentElement())) {
            if (!fileAppenders((Element) n, imports).isEmpty()) {
                found.add((Element) n);
            } else if (ASYNC_APPENDER.equals(className((Element) n, imports))) {
                asyncs.add((Element) n);
            }
        }
        final List<String> twinned = new ArrayList<>();
        for (final Element a : found) {
            // A sift holds one appender: a SiftingAppender is twinned whole, its file appenders swapped.
            for (final Element f : fileAppenders(ConfigTwins.twin(a), imports)) {
                f.setAttribute("class", SpoolAppender.class.getName());
            }
            twinned.add(a.getAttribute("name"));
        }
        final List<String> wrappers = new ArrayList<>();
        final List<String> asyncTwinned = new ArrayList<>();
        for (final Element async : asyncs) {
            if (!refersTo(async, twinned)) {
                continue;
            }
            final Element twin = ConfigTwins.twin(async);
            twin.setAttribute("class", SpoolAsyncAppender.class.getName());
            ConfigTwins.referToTwins(twin, "appender-ref", "ref", twinned);
            wrappers.add(async.getAttribute("name"));
            wrappers.add(twin.getAttribute("name"));
            asyncTwinned.add(async.getAttribute("name"));
        }
        twinned.addAll(asyncTwinned);
        ConfigTwins.twinReferences(doc, "appender-ref", "ref", twinned, wrappers);
        return ConfigTwins.write(doc, dir, resource);
    }

    /** The {@code <import class="a.b.C"/>}s: {@code C} to {@code a.b.C}. */
    private static Map<String, String> imports(final Document doc) {
        final Map<String, String> m = new HashMap<>();
        for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals("import")) {
                final String c = ((Element) n).getAttribute("class");
                m.put(c.substring(c.lastIndexOf('.') + 1), c);
            }
        }
        return m;
    }

    private static String className(final Element appender, final Map<String, String> imports) {
        final String c = appender.getAttribute("class");
        return imports.getOrDefault(c, c);
    }

    /** Whether one of the wrapper's {@code appender-ref}s names one of {@code names}. */
    private static boolean refersTo(final Element wrapper, final List<String> names) {
        final NodeList refs = wrapper.getElementsByTagName("appender-ref");
        for (int i = 0; i < refs.getLength(); i++) {
            if (names.contains(((Element) refs.item(i)).getAttribute("ref"))) {
                return true;
            }
        }
        return false;
    }

    /** The appender itself if it writes files, else the file appenders inside it. */
    private static List<Element> fileAppenders(final Element appender, final Map<String, String> imports) {
        if (FILE_APPENDERS.contains(className(appender, imports))) {
            return List.of(appender);
        }
        final List<Element> l = new ArrayList<>();
        final NodeList inner = appender.getElementsByTagName("appender");
        for (int i = 0; i < inner.getLength(); i++) {
            if (FILE_APPENDERS.contains(className((Element) inner.item(i), imports))) {
                l.add((Element) inner.item(i));
            }
        }
        return l;
    }
}
