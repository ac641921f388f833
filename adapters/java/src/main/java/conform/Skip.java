package conform;

/** Thrown for a case the Java SDK cannot be given; the adapter replies skipped with the message. */
public final class Skip extends conform.protocol.Protocol.Skip {
  private static final long serialVersionUID = 1L;

  public Skip(String reason) {
    super(reason);
  }
}
