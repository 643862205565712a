package io.tributary.sink;

import io.tributary.job.SinkOptionsSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The sink types whose modules are on the classpath, found with {@link ServiceLoader}. */
public final class SinkProviders {
  private SinkProviders() {}

  public static Map<String, SinkProvider> load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Map<String, SinkProvider> providers = new LinkedHashMap<>();
    for (SinkOptionsSpec spec : ServiceLoader.load(SinkOptionsSpec.class, loader != null ? loader : SinkProviders.class.getClassLoader())) {
      if (spec instanceof SinkProvider provider) {
        providers.putIfAbsent(provider.type(), provider);
      }
    }
    return providers;
  }

  public static SinkProvider forType(String type) {
    SinkProvider provider = load().get(type);
    if (provider == null) {
      throw new IllegalArgumentException("no sink of type '" + type + "' on the classpath; sink types found: "
          + load().keySet());
    }
    return provider;
  }
}
