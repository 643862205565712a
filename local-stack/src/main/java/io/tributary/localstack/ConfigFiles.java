package io.tributary.localstack;

import java.util.Map;
import java.util.stream.Collectors;

/** Config files the servers read. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** A Hadoop-style {@code <configuration>} file ({@code hbase-site.xml}, {@code hive-site.xml}). */
    static String hadoopXml(Map<String, String> properties, Class<?> writer) {
        return properties.entrySet().stream()
                .map(e -> "  <property><name>" + e.getKey() + "</name><value>" + xml(e.getValue()) + "</value></property>")
                .collect(Collectors.joining("\n",
                        "<?xml version=\"1.0\"?>\n<!-- written by " + writer.getName() + " -->\n<configuration>\n",
                        "\n</configuration>\n"));
    }

    /** A log4j 2 config sending everything at info and up to stdout (the server's log file), with these levels. */
    static String log4j2ToStdout(Map<String, String> loggerLevels) {
        String loggers = new java.util.TreeMap<>(loggerLevels).entrySet().stream()
                .map(e -> "    <Logger name=\"" + e.getKey() + "\" level=\"" + e.getValue() + "\"/>\n")
                .collect(Collectors.joining());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- written by io.tributary.localstack: everything to stdout, which the stack appends to logs/<name>.out -->
                <Configuration status="WARN">
                  <Appenders>
                    <Console name="Console" target="SYSTEM_OUT">
                      <PatternLayout pattern="%d{ISO8601} %p [%t] %c - %m%n"/>
                    </Console>
                  </Appenders>
                  <Loggers>
                    <Root level="info"><AppenderRef ref="Console"/></Root>
                """ + loggers + """
                  </Loggers>
                </Configuration>
                """;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
