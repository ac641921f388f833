package conform;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MarkerIgnoringBase;
import org.slf4j.helpers.MessageFormatter;

/**
 * Where the SDK's slf4j logging goes. Lines at or above the stderr level
 * (default WARN; system property {@code conform.log} = trace, debug, info,
 * warn, error or off) are written to stderr; WARN and ERROR lines are also
 * kept in the case outcome's {@code logs}. Nothing is written to stdout.
 */
public final class SdkLog {
  private SdkLog() {}

  static final int TRACE = 0, DEBUG = 1, INFO = 2, WARN = 3, ERROR = 4, OFF = 5;
  static final String[] NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};

  static volatile int stderrLevel = parse(System.getProperty("conform.log", "warn"));
  static volatile PrintStream err = System.err;

  static int parse(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "trace": return TRACE;
      case "debug": return DEBUG;
      case "info": return INFO;
      case "error": return ERROR;
      case "off": return OFF;
      default: return WARN;
    }
  }

  static void emit(int level, String name, FormattingTuple t) {
    String msg = t.getMessage();
    Throwable th = t.getThrowable();
    String shortName = name.substring(name.lastIndexOf('.') + 1);
    String line = NAMES[level] + " " + shortName + ": " + msg + (th != null ? " (" + describe(th) + ")" : "");
    if (line.length() > 2000) {
      line = line.substring(0, 2000) + "…";
    }
    if (level >= WARN) {
      Capture.log("sdk " + line);
    }
    if (level >= stderrLevel) {
      err.println("[vwo-java-sdk] " + line);
    }
  }

  /** An exception and its causes, each on one line (the SDK wraps Jackson's error in its own). */
  static String describe(Throwable th) {
    StringBuilder b = new StringBuilder(firstLine(th.toString()));
    for (Throwable c = th.getCause(); c != null && c != th; c = c.getCause()) {
      b.append(" <- caused by ").append(firstLine(c.toString()));
      if (c.getCause() == c) {
        break;
      }
    }
    return b.toString();
  }

  /** The first line of s, at most 400 characters. */
  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl).trim();
    return line.length() > 400 ? line.substring(0, 400) + "…" : line;
  }

  /** The logger factory handed to slf4j by org.slf4j.impl.StaticLoggerBinder. */
  public static final class Factory implements ILoggerFactory {
    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();

    @Override
    public Logger getLogger(String name) {
      return loggers.computeIfAbsent(name, Log::new);
    }
  }

  static final class Log extends MarkerIgnoringBase {
    private static final long serialVersionUID = 1L;

    Log(String name) {
      this.name = name;
    }

    private boolean on(int level) {
      return level >= WARN || level >= stderrLevel;
    }

    private void log(int level, String fmt, Object... args) {
      if (on(level)) {
        emit(level, name, MessageFormatter.arrayFormat(fmt, args));
      }
    }

    private void log(int level, String msg, Throwable t) {
      if (on(level)) {
        emit(level, name, new FormattingTuple(msg, null, t));
      }
    }

    @Override public boolean isTraceEnabled() { return on(TRACE); }
    @Override public void trace(String msg) { log(TRACE, msg, (Throwable) null); }
    @Override public void trace(String f, Object a) { log(TRACE, f, new Object[] {a}); }
    @Override public void trace(String f, Object a, Object b) { log(TRACE, f, new Object[] {a, b}); }
    @Override public void trace(String f, Object... a) { log(TRACE, f, a); }
    @Override public void trace(String msg, Throwable t) { log(TRACE, msg, t); }

    @Override public boolean isDebugEnabled() { return on(DEBUG); }
    @Override public void debug(String msg) { log(DEBUG, msg, (Throwable) null); }
    @Override public void debug(String f, Object a) { log(DEBUG, f, new Object[] {a}); }
    @Override public void debug(String f, Object a, Object b) { log(DEBUG, f, new Object[] {a, b}); }
    @Override public void debug(String f, Object... a) { log(DEBUG, f, a); }
    @Override public void debug(String msg, Throwable t) { log(DEBUG, msg, t); }

    @Override public boolean isInfoEnabled() { return on(INFO); }
    @Override public void info(String msg) { log(INFO, msg, (Throwable) null); }
    @Override public void info(String f, Object a) { log(INFO, f, new Object[] {a}); }
    @Override public void info(String f, Object a, Object b) { log(INFO, f, new Object[] {a, b}); }
    @Override public void info(String f, Object... a) { log(INFO, f, a); }
    @Override public void info(String msg, Throwable t) { log(INFO, msg, t); }

    @Override public boolean isWarnEnabled() { return on(WARN); }
    @Override public void warn(String msg) { log(WARN, msg, (Throwable) null); }
    @Override public void warn(String f, Object a) { log(WARN, f, new Object[] {a}); }
    @Override public void warn(String f, Object a, Object b) { log(WARN, f, new Object[] {a, b}); }
    @Override public void warn(String f, Object... a) { log(WARN, f, a); }
    @Override public void warn(String msg, Throwable t) { log(WARN, msg, t); }

    @Override public boolean isErrorEnabled() { return on(ERROR); }
    @Override public void error(String msg) { log(ERROR, msg, (Throwable) null); }
    @Override public void error(String f, Object a) { log(ERROR, f, new Object[] {a}); }
    @Override public void error(String f, Object a, Object b) { log(ERROR, f, new Object[] {a, b}); }
    @Override public void error(String f, Object... a) { log(ERROR, f, a); }
    @Override public void error(String msg, Throwable t) { log(ERROR, msg, t); }
  }
}
