package org.nebulaha.common;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * One-line log format for daemons: {@code 2026-11-25 10:41:07.312 INFO  rgmanager: message}.
 * Code logs through {@link System.Logger}; this installs the JDK logging handler behind it.
 */
public final class Logs {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /**
     * The JDK's own loggers stay at INFO when ours are set finer: at FINE, HttpURLConnection logs
     * every request's headers. Held here because a Logger that nothing references loses its level.
     */
    private static final java.util.List<Logger> JDK_LOGGERS = java.util.stream.Stream.of("sun", "jdk", "java", "javax")
            .map(Logger::getLogger).toList();

    private Logs() {}

    /** Sends every log line to {@code out} at {@code level} and above. */
    public static void setup(PrintStream out, Level level) {
        Logger rootLogger = Logger.getLogger("");
        for (Handler h : rootLogger.getHandlers()) rootLogger.removeHandler(h);
        // A StreamHandler on `out` itself: ConsoleHandler would open System.err first and close it
        // when switched, losing every later error message of the process.
        Handler h = new StreamHandler(out, new Formatter() {
            @Override
            public String format(LogRecord r) {
                String name = r.getLoggerName() == null ? "" : r.getLoggerName();
                int dot = name.lastIndexOf('.');
                String who = dot >= 0 ? name.substring(dot + 1) : name;
                String msg = formatMessage(r);
                StringBuilder sb = new StringBuilder(TS.format(LocalDateTime.now())).append(' ')
                        .append(String.format("%-5s", r.getLevel().getName().replace("WARNING", "WARN").replace("SEVERE", "ERROR")))
                        .append(' ').append(who).append(": ").append(msg).append('\n');
                if (r.getThrown() != null) {
                    var sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                    sb.append(sw);
                }
                return sb.toString();
            }
        }) {
            @Override
            public synchronized void publish(LogRecord r) {
                super.publish(r);
                flush(); // one line at a time: a daemon's log is read while it runs
            }

            @Override
            public synchronized void close() {
                flush(); // never close the process's standard streams
            }
        };
        h.setLevel(level);
        rootLogger.addHandler(h);
        rootLogger.setLevel(level);
        for (Logger jdk : JDK_LOGGERS) jdk.setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : null);
    }
}
