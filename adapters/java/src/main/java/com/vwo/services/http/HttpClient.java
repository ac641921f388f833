package com.vwo.services.http;

import conform.Capture;
import conform.Wire;
import java.io.Closeable;
import java.io.IOException;
import org.apache.http.client.ResponseHandler;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * vwo-conform's stand-in for the SDK class of the same name (written for
 * vwo-conform, not copied). It comes before the SDK jar on the class path,
 * so the SDK's HttpGetRequest and HttpPostRequest construct this one.
 *
 * <p>Same public surface as the SDK's: a no-arg constructor, {@code close},
 * {@code execute} and {@code send}. It builds the same real Apache client
 * (a pooling manager of 200 connections, 20 per route, cookie management
 * off) except that the connection manager's sockets and DNS are the
 * in-memory ones of {@link Wire}: Apache writes the real request bytes, the
 * adapter records them and answers 200 {@code {}}.
 *
 * <p>The constructor runs synchronously inside the SDK's API call (a field
 * initialiser), so it numbers the client ({@link Capture#clientConstructed})
 * in program order; execute/send report completion.
 */
public class HttpClient implements Closeable {
  /** Marker checked by the adapter at hello: this class, not the SDK's, is loaded. */
  public static final String VWO_CONFORM_SHADOW = "vwo-conform in-memory HttpClient";

  private static final int MAX_CONNECTIONS = 200;
  private static final int MAX_CONNECTIONS_PER_ROUTE = 20;

  private final int serial;
  private final CloseableHttpClient httpClient;

  public HttpClient() {
    this.serial = Capture.clientConstructed();
    PoolingHttpClientConnectionManager connectionManager =
        new PoolingHttpClientConnectionManager(Wire.registry(serial), Wire.DNS);
    connectionManager.setMaxTotal(MAX_CONNECTIONS);
    connectionManager.setDefaultMaxPerRoute(MAX_CONNECTIONS_PER_ROUTE);
    this.httpClient = HttpClients.custom().setConnectionManager(connectionManager).disableCookieManagement().build();
  }

  @Override
  public void close() throws IOException {
    this.httpClient.close();
  }

  public CloseableHttpResponse execute(final HttpUriRequest httpRequest) throws IOException {
    try {
      return httpClient.execute(httpRequest);
    } finally {
      Capture.clientDone(serial);
    }
  }

  public <T> T send(final HttpUriRequest httpRequest, final ResponseHandler<T> responseHandler) throws IOException {
    try {
      return httpClient.execute(httpRequest, responseHandler);
    } finally {
      Capture.clientDone(serial);
    }
  }
}
