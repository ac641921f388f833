package conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The SDK-facing half of the adapter, implemented by conform.sdk.Driver in a
 * fresh {@link CaseLoader} for every case. Only JDK and Jackson types cross
 * this interface, so no SDK class is ever loaded by the application class
 * loader.
 */
public interface CaseRunner {
  /** The SDK's own version constant (com.vwo.enums.UriEnums.SDK_VERSION). */
  String sdkVersion();

  /**
   * Runs one case and returns the protocol outcome {steps, storage?, logs?}.
   *
   * @param kase          the run message's case
   * @param settingsText  the settings exactly as sent
   * @param deadlineNanos System.nanoTime() by which to give up waiting for SDK threads
   * @throws Skip for a case the Java SDK cannot be given
   */
  ObjectNode run(JsonNode kase, String settingsText, long deadlineNanos) throws Exception;

  /** Facts about the loaded classes, for the hello check and the self-test. */
  String describeShadow() throws Exception;

  /**
   * The state of the SDK's static fields in this loader, for the isolation
   * self-test: the loader's identity and the SDK's Logger.customLogger.
   */
  String probe() throws Exception;

  /**
   * Self-test only: hands the SDK's own dispatcher ({@code HttpRequest.send})
   * a request to the given domain and path (query {@code q=a b}), waits for
   * its thread, and returns {hits, pending, logs}: what the capture saw,
   * how many shadow clients sent nothing, and the SDK's log lines.
   */
  ObjectNode selfTestSend(String domain, String path, long deadlineNanos) throws Exception;
}
