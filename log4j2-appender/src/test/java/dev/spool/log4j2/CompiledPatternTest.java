package dev.spool.log4j2;

import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.RegexReplacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Which PatternLayouts run as compiled byte renderers. {@link CompiledPattern#compile} only
 * answers non-null after its own sample events came out as the Layout writes them, so a pattern
 * listed here as compiled is also proven byte-identical on those samples; {@link LayoutDifferentialTest}
 * proves the same patterns through the appender, from several threads.
 */
class CompiledPatternTest {
    private static PatternLayout layout(final String pattern) {
        return PatternLayout.newBuilder().setPattern(pattern).setConfiguration(new DefaultConfiguration()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "%d{ISO8601} %-5p [%t] %c - %m%n",
        "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5level %logger{36} - %msg%n",
        "%d{HH:mm:ss.SSS} [%t] %-5level %c{1} - %m%ex%n",
        "%d %p %c %m%n",
        "%d{DEFAULT_PERIOD} %5p [%-12t] %c{2} user=%X{user} req=%X{request} %tid/%tp: %m%xEx%n",
        "%d{ISO8601}{UTC} %p %m%n",
        "%d{ISO8601_BASIC}{America/New_York} %d{COMPACT} %d{ABSOLUTE} %p %m%n",
        "%d{UNIX_MILLIS} %d{UNIX} 100%% %level %logger %X{user} %m%n",
        "[%d{dd/MM/yy HH:mm:ss.SSS}] %-40c %m%n",
        "%m"})
    void commonPatternsCompile(final String pattern) {
        assertNotNull(CompiledPattern.compile(layout(pattern)), pattern);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "%d{ABSOLUTE} %p %c{1.} [%t] %m%n",
        "%d{DATE} %p %m%n",
        "%d{HH:mm:ss.SSSSSS} %m%n",
        "%level{length=1} %m%n",
        "%.10c %m%n",
        "%010p %m%n",
        "%highlight{%-5level} %m%n",
        "%d %p %C{1}.%M:%L - %m%n",
        "%d %marker %m%n",
        "%X %m%n",
        "%throwable{3} %m%n",
        "%enc{%m}{JSON}%n",
        "%sn %m%n",
        "%m\\t%n"})
    void otherPatternsAreLeftToLog4j2(final String pattern) {
        assertNull(CompiledPattern.compile(layout(pattern)), pattern);
    }

    @Test
    void aReplaceIsLeftToLog4j2() {
        final DefaultConfiguration config = new DefaultConfiguration();
        final PatternLayout layout = PatternLayout.newBuilder().setPattern("%p %m%n").setConfiguration(config)
            .setRegexReplacement(RegexReplacement.createRegexReplacement(java.util.regex.Pattern.compile("\\d"), "#"))
            .build();
        assertNull(CompiledPattern.compile(layout));
    }

    @Test
    void anotherCharsetIsLeftToLog4j2() {
        final PatternLayout layout = PatternLayout.newBuilder().setPattern("%p %m%n")
            .setConfiguration(new DefaultConfiguration()).setCharset(StandardCharsets.ISO_8859_1).build();
        assertNull(CompiledPattern.compile(layout));
    }
}
