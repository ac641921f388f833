package conform;

/** An exception that escaped an SDK API call; the adapter replies errored with the SDK's trace. */
public final class SdkThrew extends Exception {
  private static final long serialVersionUID = 1L;

  public SdkThrew(String message, Throwable cause) {
    super(message, cause);
  }
}
