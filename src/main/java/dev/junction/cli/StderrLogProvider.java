package dev.junction.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The logging of short commands: messages at or above {@code JUNCTION_LOG_LEVEL} (default WARN)
 * to stderr, one line each. Starting logback costs a short command a large share of its run, so
 * {@link Main#main} selects this provider; long-running faces keep logback.
 */
public final class StderrLogProvider implements SLF4JServiceProvider {
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private final Level threshold = threshold(System.getenv("JUNCTION_LOG_LEVEL"));
  private final ILoggerFactory factory = name -> new StderrLogger(name, threshold);

  static Level threshold(String word) {
    if (word == null) {
      return Level.WARN;
    }
    try {
      return Level.valueOf(word.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Level.WARN;
    }
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    // nothing to set up: that is the point of this provider
  }

  /** One logger: formats the message and writes it, with any stack trace, to stderr. */
  static final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient Level threshold;

    StderrLogger(String name, Level threshold) {
      this.name = name;
      this.threshold = threshold;
    }

    private boolean on(Level level) {
      return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
      return on(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return on(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      String shortName = name.substring(name.lastIndexOf('.') + 1);
      PrintStream err = System.err;
      err.println("junction: " + level + " " + shortName + ": "
          + MessageFormatter.basicArrayFormat(pattern, arguments));
      if (throwable != null) {
        throwable.printStackTrace(err);
      }
    }
  }
}
