package conform;

/**
 * An exception out of an SDK call as the step's answer (spec/protocol.md
 * §2, "An exception out of the SDK"): {@code {"thrown": message}}, the
 * message being Java's {@link Throwable#toString()} (class name, ": ",
 * message), every run of white space made one space, trimmed, and clipped
 * to its first 200 code points.
 */
public final class Thrown {
  private Thrown() {}

  static final int MAX = 200;

  /** The {@code thrown} message of an exception. */
  public static String message(Throwable t) {
    String s = String.valueOf(t).replaceAll("\\s+", " ").trim();
    if (s.codePointCount(0, s.length()) > MAX) {
      s = s.substring(0, s.offsetByCodePoints(0, MAX));
    }
    return s;
  }

  /** The whole exception with its stack, for the outcome's logs. */
  public static String trace(Throwable t) {
    return conform.protocol.Protocol.trace(t, 4000);
  }
}
