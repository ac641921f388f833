package org.slf4j.impl;

import conform.SdkLog;
import org.slf4j.ILoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;

/**
 * The SLF4J 1.7 binding of the adapter (the SDK logs through slf4j-api):
 * SDK log lines go to stderr and, from WARN up, into the case's logs, never
 * to stdout. See {@link SdkLog}.
 */
public final class StaticLoggerBinder implements LoggerFactoryBinder {
  private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();

  /** The slf4j-api version this binding is written for. */
  public static String REQUESTED_API_VERSION = "1.6.99";

  private final ILoggerFactory factory = new SdkLog.Factory();

  private StaticLoggerBinder() {}

  public static StaticLoggerBinder getSingleton() {
    return SINGLETON;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public String getLoggerFactoryClassStr() {
    return SdkLog.Factory.class.getName();
  }
}
