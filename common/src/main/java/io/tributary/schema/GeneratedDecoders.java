package io.tributary.schema;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.codehaus.janino.SimpleCompiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles {@link DecoderSource}'s decoders with Janino, once per Thrift class and protocol per JVM.
 *
 * <p>Janino because Spark already ships it and compiles its own generated code with it, so it is on every
 * executor's classpath. The class is defined in this package's class loader (through a {@link MethodHandles}
 * lookup, not Janino's own class loader) so it can use the package's readers and buffer, which stay package-private.
 *
 * <p>Where the code cannot be generated (a struct with more than 64 fields, Janino missing, or
 * {@code -Dtributary.decoder.codegen=false}) there is no factory and decoders run the plan itself.
 */
final class GeneratedDecoders {
  private static final Logger LOG = LoggerFactory.getLogger(GeneratedDecoders.class);
  static final String DISABLE_PROPERTY = "tributary.decoder.codegen";

  /** Makes a decoder instance: instances hold per-record scratch space, so each decoder gets its own. */
  interface Factory {
    StructDecoder newDecoder();
  }

  private record Key(Class<?> thriftClass, WireProtocol protocol) {}

  private static final Map<Key, Optional<Factory>> FACTORIES = new ConcurrentHashMap<>();
  private static final AtomicInteger CLASS_NUMBERS = new AtomicInteger();

  private GeneratedDecoders() {}

  static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY));
  }

  /** The compiled decoder of {@code plan}'s class, or empty where it cannot be generated. */
  static Optional<Factory> factory(ValueWriter.StructWriter plan, WireProtocol protocol) {
    if (!enabled() || !DecoderSource.supports(plan)) {
      return Optional.empty();
    }
    return FACTORIES.computeIfAbsent(new Key(plan.type.structClass(), protocol), key -> compile(plan, protocol));
  }

  private static Optional<Factory> compile(ValueWriter.StructWriter plan, WireProtocol protocol) {
    if (!janinoPresent()) {
      LOG.warn("decoding {} with the interpreted plan: Janino is not on the classpath", plan.type.name());
      return Optional.empty();
    }
    try {
      return Optional.of(compileOrFail(plan, protocol));
    } catch (IllegalStateException e) {
      // The plan decodes the same rows, only slower: say so, and keep the job running.
      LOG.warn("decoding {} with the interpreted plan: the generated decoder does not compile ({})", plan.type.name(),
          String.valueOf(e.getCause()));
      return Optional.empty();
    }
  }

  private static boolean janinoPresent() {
    try {
      Class.forName("org.codehaus.janino.SimpleCompiler", false, GeneratedDecoders.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Compiles, failing loudly: a generated decoder that does not compile is a bug, and tests call this. */
  static Factory compileOrFail(ValueWriter.StructWriter plan, WireProtocol protocol) {
    // Defined as an ordinary class, named uniquely: Janino's class files refer to their own class by name, which
    // a hidden class cannot resolve. One class per Thrift class and protocol per JVM, so nothing piles up.
    String simpleName = "Decoder_" + plan.type.name() + "_" + protocol + "_" + CLASS_NUMBERS.incrementAndGet();
    DecoderSource.Source source = DecoderSource.generate(plan, protocol, simpleName);
    Constructor<?> constructor;
    try {
      SimpleCompiler compiler = new SimpleCompiler();
      compiler.setParentClassLoader(GeneratedDecoders.class.getClassLoader());
      compiler.cook(source.text());
      byte[] bytecode = compiler.getBytecodes().get(GeneratedDecoders.class.getPackageName() + "." + simpleName);
      constructor = MethodHandles.lookup().defineClass(bytecode).getDeclaredConstructor(Object[].class);
    } catch (Exception | LinkageError e) {
      throw new IllegalStateException("generated decoder " + simpleName + " does not compile:\n" + source.text(), e);
    }
    Object[] constants = source.constants();
    return () -> {
      try {
        return (StructDecoder) constructor.newInstance((Object) constants);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot instantiate the generated decoder " + simpleName, e);
      }
    };
  }
}
