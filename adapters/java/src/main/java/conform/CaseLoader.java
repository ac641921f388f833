package conform;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A fresh class loader for the SDK, one per case.
 *
 * <p>vwo-java-sdk keeps process-wide state in static fields: in 1.10.0 the
 * custom logger ({@code Logger.customLogger}) and its level
 * ({@code VWOLogger.level}); later releases add the batch event queue and its
 * timer and the settings behind DataLocationManager. Loading the SDK afresh
 * for every case makes every case start from the state of a new JVM,
 * without restarting the JVM.
 *
 * <p>Classes under {@code com.vwo.} and {@code conform.sdk.} are defined by
 * this loader from the class path entries that hold them, <em>in class path
 * order</em>: the adapter's jar (with the shadow
 * com.vwo.services.http.HttpClient) comes before the SDK jar, exactly as on
 * the JVM's class path. Everything else (JDK, Jackson, Apache HttpClient,
 * slf4j, the rest of the adapter) comes from the application loader and is
 * shared.
 */
public final class CaseLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  static final String SHADOW = "com/vwo/services/http/HttpClient.class";
  static final String SDK_MARK = "com/vwo/VWO.class";

  private static volatile URL[] urls;

  private CaseLoader(URL[] urls, ClassLoader parent) {
    super(urls, parent);
  }

  /** A new loader for one case. */
  public static CaseLoader create() throws IOException {
    return new CaseLoader(urls(), CaseLoader.class.getClassLoader());
  }

  /** The class path entries holding the shadow class and the SDK, in class path order. */
  static URL[] urls() throws IOException {
    URL[] u = urls;
    if (u == null) {
      ClassLoader app = CaseLoader.class.getClassLoader();
      List<URL> shadow = roots(app, SHADOW);
      List<URL> sdk = roots(app, SDK_MARK);
      if (shadow.isEmpty() || sdk.isEmpty()) {
        throw new IllegalStateException("class path lacks " + (sdk.isEmpty() ? "the SDK (" + SDK_MARK + ")" : SHADOW));
      }
      List<URL> list = new ArrayList<>();
      for (URL r : shadow) {
        if (!list.contains(r)) {
          list.add(r);
        }
      }
      for (URL r : sdk) {
        if (!list.contains(r)) {
          list.add(r);
        }
      }
      urls = u = list.toArray(new URL[0]);
    }
    return u.clone();
  }

  /** The class path roots (directories or jars) that contain a resource, in class path order. */
  static List<URL> roots(ClassLoader cl, String resource) throws IOException {
    List<URL> out = new ArrayList<>();
    for (URL r : Collections.list(cl.getResources(resource))) {
      out.add(rootOf(r, resource));
    }
    return out;
  }

  static URL rootOf(URL r, String resource) throws IOException {
    if (r.getProtocol().equals("jar")) {
      return ((JarURLConnection) r.openConnection()).getJarFileURL();
    }
    String s = r.toString();
    if (!s.endsWith(resource)) {
      throw new MalformedURLException("unexpected resource URL " + s);
    }
    return new URL(s.substring(0, s.length() - resource.length()));
  }

  static boolean local(String name) {
    return name.startsWith("com.vwo.") || name.startsWith("conform.sdk.");
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!local(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = findClass(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  /** Loads the driver in this loader. */
  public CaseRunner driver() throws ReflectiveOperationException {
    Class<?> c = loadClass("conform.sdk.Driver");
    return (CaseRunner) c.getDeclaredConstructor().newInstance();
  }
}
