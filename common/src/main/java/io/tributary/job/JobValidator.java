package io.tributary.job;

import io.tributary.schema.WireProtocol;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.tributary.shaded.thrift.TBase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses a job file and checks everything that can be checked before Spark starts, collecting every problem
 * rather than stopping at the first. Sink keys come from the {@link SinkSpecRegistry}, so this class knows none
 * of them.
 */
public final class JobValidator {
    private static final Logger LOG = LoggerFactory.getLogger(JobValidator.class);

    static final List<String> TOP_LEVEL_KEYS = List.of("job", "source", "process", "sink", "streaming", "dead_letter",
            "retry");
    static final List<String> JOB_KEYS = List.of("name", "description");
    static final List<String> SOURCE_KEYS = List.of("name", "type", "thrift_class");
    static final List<String> KAFKA_SOURCE_KEYS = List.of("topics", "bootstrap_servers", "protocol",
            "starting_offsets", "max_offsets_per_trigger", "min_partitions", "kafka_options");
    static final List<String> HIVE_SOURCE_KEYS = List.of("query");
    static final List<String> PROCESS_KEYS = List.of("name", "type", "sql");
    static final List<String> SINK_KEYS = List.of("name", "input", "type");
    static final List<String> STREAMING_KEYS = List.of("trigger_interval", "checkpoint_dir");
    static final List<String> RETRY_KEYS = List.of("max_attempts", "initial_backoff", "max_backoff");
    static final List<String> DEAD_LETTER_KAFKA_KEYS = List.of("type", "topic", "bootstrap_servers", "kafka_options");
    static final List<String> DEAD_LETTER_PATH_KEYS = List.of("type", "path");

    private static final Pattern QUERY_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)}");
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{\\??[^}]*}");
    /** Kafka settings Spark's Kafka source refuses or owns, and what to write instead. */
    private static final Map<String, String> KAFKA_SOURCE_OPTIONS_OWNED_BY_SPARK = Map.of(
            "auto.offset.reset", "use starting_offsets",
            "bootstrap.servers", "use bootstrap_servers",
            "key.deserializer", "Spark always reads keys as bytes",
            "value.deserializer", "Spark always reads values as bytes; protocol picks the Thrift decoding",
            "enable.auto.commit", "Spark tracks offsets in the checkpoint",
            "interceptor.classes", "Spark's Kafka source does not support interceptors");

    private final SinkSpecRegistry sinkSpecs;
    private final ClassLoader classLoader;

    /** Validates against the sink specs registered on the classpath. */
    public JobValidator() {
        this(SinkSpecRegistry.load());
    }

    public JobValidator(SinkSpecRegistry sinkSpecs) {
        this(sinkSpecs, JobValidator.class.getClassLoader());
    }

    public JobValidator(SinkSpecRegistry sinkSpecs, ClassLoader classLoader) {
        this.sinkSpecs = sinkSpecs;
        this.classLoader = classLoader;
    }

    /**
     * @param vars values for {@code ${name}} in Hive queries (the {@code --var name=value} arguments)
     */
    public ValidationResult validate(Path file, Mode mode, Map<String, String> vars) {
        ValidationResult result = new Run(file, mode, vars).run();
        LOG.debug("validated {} for {} mode: {} error(s)", file, mode.cliName(), result.errors().size());
        return result;
    }

    /** One validation pass; holds the errors found so far. */
    private final class Run {
        private final Path file;
        private final Mode mode;
        private final Map<String, String> vars;
        private final Problems problems;

        Run(Path file, Mode mode, Map<String, String> vars) {
            this.file = file;
            this.mode = mode;
            this.vars = Map.copyOf(vars);
            this.problems = new Problems(file);
        }

        ValidationResult run() {
            Optional<Config> parsed = parse();
            if (parsed.isEmpty()) {
                return finish(null);
            }
            ConfigNode root = new ConfigNode(parsed.get().root(), "", problems);
            root.checkKeys(TOP_LEVEL_KEYS, Map.of());

            String jobName = null;
            ConfigNode job = root.object("job", true);
            if (job != null) {
                jobName = job.string("name", true);
                job.string("description", false);
                job.checkKeys(JOB_KEYS, Map.of());
            }

            List<DeclaredSource> declaredSources = parseSources(root);
            List<SourceSpec> sources = selectSourcesForMode(declaredSources);
            Map<String, String> sourceNames = new LinkedHashMap<>();
            declaredSources.forEach(source -> sourceNames.putIfAbsent(lower(source.name), source.name));

            // Lower-case name -> name as declared, of everything SQL and sinks may read.
            Map<String, String> readable = new LinkedHashMap<>(sourceNames);
            List<ProcessStep> process = parseProcess(root, sourceNames, readable);

            List<SinkSpec> sinks = parseSinks(root, readable);
            checkSplitSourcesAgainstFencedSinks(declaredSources, sinks);
            Optional<StreamingSpec> streaming = parseStreaming(root);
            RetrySpec retry = parseRetry(root);
            // Dead letters default to the brokers of the file's Kafka source, in batch mode too.
            Optional<String> kafkaSourceBrokers = declaredSources.stream()
                    .filter(source -> source.spec instanceof SourceSpec.Kafka)
                    .map(source -> ((SourceSpec.Kafka) source.spec).bootstrapServers()).findFirst();
            boolean hasKafkaSource = declaredSources.stream().anyMatch(source -> "kafka".equals(source.type));
            Optional<DeadLetterSpec> deadLetter = parseDeadLetter(root, hasKafkaSource, kafkaSourceBrokers);

            if (problems.count() > 0) {
                return finish(null);
            }
            return finish(new JobSpec(file, jobName, mode, sources, process, sinks, streaming, deadLetter, retry));
        }

        private ValidationResult finish(JobSpec spec) {
            return new ValidationResult(problems.sortedByLine(), Optional.ofNullable(spec));
        }

        private Optional<Config> parse() {
            Config config;
            try {
                config = ConfigFactory.parseFile(file.toFile(),
                                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false))
                        .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
            } catch (ConfigException e) {
                problems.add(e.origin(), "(file)", withoutOriginPrefix(e));
                return Optional.empty();
            }
            if (!config.isResolved()) {
                reportUnresolved(config.root(), "");
                return Optional.empty();
            }
            return Optional.of(config);
        }

        /** HOCON resolves unquoted ${x} itself; a Hive variable written that way must be quoted instead. */
        private void reportUnresolved(ConfigValue value, String path) {
            try {
                value.valueType();
            } catch (ConfigException.NotResolved e) {
                Matcher substitution = SUBSTITUTION.matcher(value.render(ConfigRenderOptions.concise()));
                String expression = substitution.find() ? substitution.group() : "a substitution";
                problems.add(value.origin(), path, "HOCON cannot resolve " + expression + "; Hive query variables"
                        + " must be inside a quoted string, where they are filled from --var");
                return;
            }
            if (value instanceof ConfigObject object) {
                object.forEach((key, child) -> reportUnresolved(child, ConfigNode.join(path, key)));
            } else if (value instanceof ConfigList list) {
                for (int i = 0; i < list.size(); i++) {
                    reportUnresolved(list.get(i), path + "[" + i + "]");
                }
            }
        }

        // ---- sources ----

        /** A source entry as written; the spec is null when the entry had errors. */
        private record DeclaredSource(String name, String type, String thriftClassName, SourceSpec spec,
                                      ConfigNode node) {
        }

        private List<DeclaredSource> parseSources(ConfigNode root) {
            List<DeclaredSource> declared = new ArrayList<>();
            for (ConfigNode source : root.objectList("source", true)) {
                String name = source.sqlName("name");
                String type = source.oneOf("type", true, "kafka", "hive");
                String thriftClassName = source.string("thrift_class", true);
                Class<? extends TBase<?, ?>> thriftClass =
                        thriftClassName == null ? null : loadThriftClass(source, thriftClassName);
                SourceSpec spec = null;
                if ("kafka".equals(type)) {
                    source.checkKeys(concat(SOURCE_KEYS, KAFKA_SOURCE_KEYS), onlyFor(HIVE_SOURCE_KEYS, "hive"));
                    spec = parseKafkaSource(source, name, thriftClass);
                } else if ("hive".equals(type)) {
                    source.checkKeys(concat(SOURCE_KEYS, HIVE_SOURCE_KEYS), onlyFor(KAFKA_SOURCE_KEYS, "kafka"));
                    spec = parseHiveSource(source, name, thriftClass);
                } else {
                    source.checkKeys(concat(SOURCE_KEYS, KAFKA_SOURCE_KEYS, HIVE_SOURCE_KEYS), Map.of());
                }
                if (name != null) {
                    declared.add(new DeclaredSource(name, type, thriftClassName, spec, source));
                }
            }
            return declared;
        }

        private SourceSpec.Kafka parseKafkaSource(ConfigNode source, String name,
                                                  Class<? extends TBase<?, ?>> thriftClass) {
            int errorsBefore = problems.count();
            List<String> topics = source.stringList("topics", true);
            if (topics != null && topics.isEmpty()) {
                source.errorAt("topics", "expected at least one topic");
            }
            String bootstrapServers = source.string("bootstrap_servers", true);
            String protocol = source.oneOf("protocol", false, "binary", "compact");
            String startingOffsets = parseStartingOffsets(source, topics);
            Long maxOffsets = source.longValue("max_offsets_per_trigger", false);
            if (maxOffsets != null && maxOffsets <= 0) {
                source.errorAt("max_offsets_per_trigger", "expected a positive number of offsets");
            }
            Integer minPartitions = source.intValue("min_partitions", false);
            if (minPartitions != null && minPartitions <= 0) {
                source.errorAt("min_partitions", "expected a positive number of Spark read tasks");
            }
            Map<String, StringOrSecret> kafkaOptions = source.stringMap("kafka_options");
            if (kafkaOptions != null) {
                ConfigNode options = source.object("kafka_options", false);
                kafkaOptions.keySet().forEach(key -> checkKafkaSourceOption(options, key));
            }
            if (problems.count() > errorsBefore || name == null || thriftClass == null) {
                return null;
            }
            return new SourceSpec.Kafka(name, thriftClass, topics, bootstrapServers,
                    protocol == null ? WireProtocol.BINARY : WireProtocol.valueOf(protocol.toUpperCase(Locale.ROOT)),
                    startingOffsets, maxOffsets == null ? OptionalLong.empty() : OptionalLong.of(maxOffsets),
                    minPartitions == null ? OptionalInt.empty() : OptionalInt.of(minPartitions), kafkaOptions);
        }

        private void checkSplitSourcesAgainstFencedSinks(List<DeclaredSource> sources, List<SinkSpec> sinks) {
            Optional<SinkSpec> fenced = sinks.stream()
                    .filter(sink -> sinkSpecs.find(sink.type()).map(SinkOptionsSpec::fencesPerSparkPartition).orElse(false))
                    .findFirst();
            if (fenced.isEmpty()) {
                return;
            }
            for (DeclaredSource source : sources) {
                if (source.spec instanceof SourceSpec.Kafka kafka && kafka.minPartitions().isPresent()) {
                    source.node.errorAt("min_partitions", "not allowed in a job with the " + fenced.get().type()
                            + " sink '" + fenced.get().name() + "': that sink fences its writes per Spark partition,"
                            + " so a replayed micro-batch must be split as before; leave one Spark partition per Kafka"
                            + " partition (remove min_partitions, add topic partitions to read in parallel)");
                }
            }
        }

        private void checkKafkaSourceOption(ConfigNode options, String key) {
            if (key.startsWith("kafka.")) {
                options.errorAt(key, "write Kafka client settings without the 'kafka.' prefix; Tributary adds it");
            }
            String instead = KAFKA_SOURCE_OPTIONS_OWNED_BY_SPARK.get(key);
            if (instead != null) {
                options.errorAt(key, "not settable here: " + instead);
            }
        }

        /** earliest, latest, or Spark's per-partition offsets as a JSON string or a HOCON object. */
        private String parseStartingOffsets(ConfigNode source, List<String> topics) {
            String key = "starting_offsets";
            ConfigValue value = source.value(key);
            if (value == null) {
                return "latest";
            }
            String expected = "expected earliest, latest or per-partition JSON such as {\"topic\":{\"0\":23}}";
            ConfigObject offsets;
            if (value.valueType() == ConfigValueType.OBJECT) {
                offsets = (ConfigObject) value;
            } else if (value.valueType() == ConfigValueType.STRING) {
                String text = ((String) value.unwrapped()).strip();
                if (text.equals("earliest") || text.equals("latest")) {
                    return text;
                }
                if (!text.startsWith("{")) {
                    source.errorAt(key, expected + ", got '" + text + "'"
                            + Suggestions.didYouMean(text, List.of("earliest", "latest")));
                    return null;
                }
                try {
                    offsets = ConfigFactory.parseString(text,
                            ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)).root();
                } catch (ConfigException e) {
                    source.errorAt(key, expected + "; the JSON does not parse: " + withoutOriginPrefix(e));
                    return null;
                }
            } else {
                source.errorAt(key, expected + ", got " + ConfigNode.describe(value.valueType()));
                return null;
            }
            boolean valid = true;
            for (Map.Entry<String, ConfigValue> topic : offsets.entrySet()) {
                if (topics != null && !topics.contains(topic.getKey())) {
                    source.errorAt(key, "offsets given for topic '" + topic.getKey() + "', which is not in topics");
                    valid = false;
                }
                if (!(topic.getValue() instanceof ConfigObject partitions) || !partitions.entrySet().stream()
                        .allMatch(p -> p.getKey().matches("\\d+") && isWholeNumber(p.getValue()))) {
                    source.errorAt(key, expected + " (partition numbers to offsets, -2 earliest, -1 latest)");
                    valid = false;
                }
            }
            return valid ? offsets.render(ConfigRenderOptions.concise()) : null;
        }

        private SourceSpec.Hive parseHiveSource(ConfigNode source, String name, Class<? extends TBase<?, ?>> thriftClass) {
            int errorsBefore = problems.count();
            String query = source.string("query", true);
            String filled = query == null ? null : fillVariables(source, query);
            if (filled != null) {
                SqlReferences.Result parsed = SqlReferences.of(filled);
                parsed.parseError().ifPresent(message -> source.errorAt("query",
                        source.lineOf("query") + parsed.parseErrorLine() - 1, "SQL does not parse: " + message));
                parsed.statementKind().ifPresent(kind -> source.errorAt("query", notAQuery(kind)));
            }
            if (problems.count() > errorsBefore || name == null || thriftClass == null || filled == null) {
                return null;
            }
            return new SourceSpec.Hive(name, thriftClass, filled);
        }

        /** Our own ${var} substitution, so a missing variable names itself instead of HOCON's generic error. */
        private String fillVariables(ConfigNode source, String query) {
            Matcher variable = QUERY_VARIABLE.matcher(query);
            StringBuilder filled = new StringBuilder();
            Set<String> missing = new LinkedHashSet<>();
            while (variable.find()) {
                String value = vars.get(variable.group(1));
                if (value == null) {
                    missing.add(variable.group(1));
                    value = variable.group();
                }
                variable.appendReplacement(filled, Matcher.quoteReplacement(value));
            }
            variable.appendTail(filled);
            if (missing.isEmpty()) {
                return filled.toString();
            }
            // Only batch runs the Hive query, so streaming does not need the variables.
            if (mode == Mode.BATCH) {
                for (String name : missing) {
                    source.errorAt("query", "variable ${" + name + "} has no value; pass --var " + name
                            + "=VALUE (--mode batch)");
                }
            }
            return null;
        }

        @SuppressWarnings("unchecked")
        private Class<? extends TBase<?, ?>> loadThriftClass(ConfigNode source, String className) {
            Class<?> loaded;
            try {
                loaded = Class.forName(className, false, classLoader);
            } catch (ClassNotFoundException | LinkageError e) {
                source.errorAt("thrift_class", "unknown Thrift class '" + className + "': not on the classpath");
                return null;
            }
            if (TBase.class.isAssignableFrom(loaded)) {
                return (Class<? extends TBase<?, ?>>) loaded;
            }
            boolean unrelocated = Stream.of(loaded.getInterfaces())
                    .anyMatch(type -> type.getName().equals("org.apache.thrift.TBase"));
            source.errorAt("thrift_class", "class '" + className + "' is not a Thrift struct: it does not implement "
                    + TBase.class.getName() + (unrelocated
                    ? " (it was generated against unrelocated libthrift; use the classes from thrift-schemas)" : ""));
            return null;
        }

        private List<SourceSpec> selectSourcesForMode(List<DeclaredSource> declared) {
            Map<String, List<DeclaredSource>> byName = new LinkedHashMap<>();
            declared.forEach(source -> byName.computeIfAbsent(lower(source.name), k -> new ArrayList<>()).add(source));
            List<SourceSpec> selected = new ArrayList<>();
            for (List<DeclaredSource> forms : byName.values()) {
                Map<String, DeclaredSource> byType = new HashMap<>();
                for (DeclaredSource form : forms) {
                    if (form.type == null) {
                        continue;
                    }
                    DeclaredSource first = byType.putIfAbsent(form.type, form);
                    if (first != null) {
                        form.node.errorAt("name", "duplicate source '" + form.name + "' of type " + form.type
                                + " (first at line " + first.node.line() + "); a name may have one kafka and one"
                                + " hive form");
                    }
                }
                DeclaredSource kafka = byType.get("kafka");
                DeclaredSource hive = byType.get("hive");
                if (kafka != null && hive != null && kafka.thriftClassName != null && hive.thriftClassName != null
                        && !kafka.thriftClassName.equals(hive.thriftClassName)) {
                    hive.node.errorAt("thrift_class", "the kafka form of source '" + hive.name + "' (line "
                            + kafka.node.line() + ") reads " + kafka.thriftClassName + "; both forms must read"
                            + " the same Thrift class");
                }
                DeclaredSource chosen = byType.get(mode.sourceType());
                boolean typesKnown = forms.stream().allMatch(form -> form.type != null);
                if (chosen == null && typesKnown) {
                    DeclaredSource first = forms.get(0);
                    problems.add(first.node.line(), first.node.path, "source '" + first.name + "' has no type = "
                            + mode.sourceType() + " form, which --mode " + mode.cliName() + " reads");
                } else if (chosen != null && chosen.spec != null) {
                    selected.add(chosen.spec);
                }
            }
            return selected;
        }

        // ---- process ----

        /** Also adds every declared step name to {@code readable}, even of steps with errors, to avoid knock-on errors. */
        private List<ProcessStep> parseProcess(ConfigNode root, Map<String, String> sourceNames,
                                               Map<String, String> readable) {
            record DeclaredStep(String name, String sql, ConfigNode node) {
            }
            List<DeclaredStep> declared = new ArrayList<>();
            Map<String, ConfigNode> stepNodes = new HashMap<>();
            for (ConfigNode step : root.objectList("process", false)) {
                String name = step.sqlName("name");
                step.oneOf("type", true, "sql");
                String sql = step.string("sql", true);
                step.checkKeys(PROCESS_KEYS, Map.of());
                if (name == null) {
                    continue;
                }
                if (sourceNames.containsKey(lower(name))) {
                    step.errorAt("name", "duplicate name '" + name + "': a source already has it");
                } else if (stepNodes.containsKey(lower(name))) {
                    step.errorAt("name", "duplicate process step '" + name + "' (first at line "
                            + stepNodes.get(lower(name)).line() + ")");
                } else {
                    stepNodes.put(lower(name), step);
                    declared.add(new DeclaredStep(name, sql, step));
                }
            }

            declared.forEach(step -> readable.put(lower(step.name), step.name));
            Map<String, Set<String>> inputsByStep = new LinkedHashMap<>();
            for (DeclaredStep step : declared) {
                Set<String> inputs = new LinkedHashSet<>();
                if (step.sql != null) {
                    SqlReferences.Result parsed = SqlReferences.of(step.sql);
                    parsed.parseError().ifPresent(message -> step.node.errorAt("sql",
                            step.node.lineOf("sql") + parsed.parseErrorLine() - 1, "SQL does not parse: " + message));
                    parsed.statementKind().ifPresent(kind -> step.node.errorAt("sql", notAQuery(kind)));
                    for (String table : parsed.tables()) {
                        String known = readable.get(lower(table));
                        if (known == null) {
                            step.node.errorAt("sql", "unknown table '" + table + "': not a source or process step"
                                    + Suggestions.didYouMean(table, readable.values()));
                        } else {
                            inputs.add(known);
                        }
                    }
                }
                inputsByStep.put(lower(step.name), inputs);
            }

            List<String> order = executionOrder(inputsByStep, stepNodes);
            Map<String, DeclaredStep> byName = new HashMap<>();
            declared.forEach(step -> byName.put(lower(step.name), step));
            List<ProcessStep> steps = new ArrayList<>();
            for (String name : order) {
                DeclaredStep step = byName.get(name);
                if (step.sql != null) {
                    steps.add(new ProcessStep(step.name, step.sql, inputsByStep.get(name)));
                }
            }
            return steps;
        }

        /** Depth-first topological order (declaration order where free); reports each cycle once. */
        private List<String> executionOrder(Map<String, Set<String>> inputsByStep, Map<String, ConfigNode> stepNodes) {
            List<String> order = new ArrayList<>();
            Set<String> done = new HashSet<>();
            Set<Set<String>> reportedCycles = new HashSet<>();
            for (String step : inputsByStep.keySet()) {
                visit(step, inputsByStep, stepNodes, new ArrayList<>(), done, order, reportedCycles);
            }
            return order;
        }

        private void visit(String step, Map<String, Set<String>> inputsByStep, Map<String, ConfigNode> stepNodes,
                           List<String> path, Set<String> done, List<String> order, Set<Set<String>> reported) {
            if (done.contains(step)) {
                return;
            }
            int onPath = path.indexOf(step);
            if (onPath >= 0) {
                List<String> cycle = new ArrayList<>(path.subList(onPath, path.size()));
                if (reported.add(new HashSet<>(cycle))) {
                    cycle.add(step);
                    ConfigNode first = stepNodes.get(cycle.get(0));
                    String printed = cycle.stream().map(name -> stepNodes.get(name).string("name", false))
                            .collect(Collectors.joining(" -> "));
                    first.errorAt("sql", "cycle between process steps: " + printed);
                }
                return;
            }
            path.add(step);
            for (String input : inputsByStep.get(step)) {
                if (inputsByStep.containsKey(lower(input))) {
                    visit(lower(input), inputsByStep, stepNodes, path, done, order, reported);
                }
            }
            path.remove(path.size() - 1);
            done.add(step);
            order.add(step);
        }

        // ---- sinks ----

        private List<SinkSpec> parseSinks(ConfigNode root, Map<String, String> readable) {
            List<SinkSpec> sinks = new ArrayList<>();
            Map<String, ConfigNode> sinkNodes = new HashMap<>();
            for (ConfigNode sink : root.objectList("sink", true)) {
                int errorsBefore = problems.count();
                String name = sink.string("name", true);
                if (name != null) {
                    ConfigNode first = sinkNodes.putIfAbsent(lower(name), sink);
                    if (first != null) {
                        sink.errorAt("name", "duplicate sink '" + name + "' (first at line " + first.line() + ")");
                    }
                }
                String input = sink.string("input", true);
                String knownInput = input == null ? null : readable.get(lower(input));
                if (input != null && knownInput == null) {
                    sink.errorAt("input", "unknown input '" + input + "': not a source or process step"
                            + Suggestions.didYouMean(input, readable.values()));
                }
                String type = sink.string("type", true);
                SinkOptions options = type == null ? null : parseSinkOptions(sink, type);
                if (problems.count() == errorsBefore) {
                    sinks.add(new SinkSpec(name, knownInput, type, options));
                }
            }
            return sinks;
        }

        private SinkOptions parseSinkOptions(ConfigNode sink, String type) {
            Optional<SinkOptionsSpec> found = sinkSpecs.find(type);
            if (found.isEmpty()) {
                String module = SinkSpecRegistry.MODULE_OF_TYPE.get(type);
                if (module != null) {
                    sink.errorAt("type", "sink type '" + type + "' is not available: its module " + module
                            + " is not on the classpath");
                } else {
                    Set<String> known = new TreeSet<>(SinkSpecRegistry.MODULE_OF_TYPE.keySet());
                    known.addAll(sinkSpecs.types());
                    sink.errorAt("type", "unknown sink type '" + type + "', expected one of "
                            + String.join(" | ", known) + Suggestions.didYouMean(type, known));
                }
                return null;
            }
            SinkOptionsSpec spec = found.get();
            List<String> allowed = new ArrayList<>(SINK_KEYS);
            spec.options().forEach(option -> allowed.add(option.key()));
            sink.checkKeys(allowed, Map.of());

            int errorsBefore = problems.count();
            Map<String, Object> values = new LinkedHashMap<>();
            for (OptionSpec option : spec.options()) {
                Object value = sink.option(option);
                if (value != null) {
                    values.put(option.key(), value);
                }
            }
            if (problems.count() > errorsBefore) {
                return null;
            }
            SinkOptions options = new SinkOptions(values);
            for (String problem : spec.crossCheck(options)) {
                problems.add(sink.line(), sink.path, problem);
            }
            return options;
        }

        // ---- streaming and dead letters ----

        private Optional<StreamingSpec> parseStreaming(ConfigNode root) {
            ConfigNode streaming = root.object("streaming", false);
            if (streaming == null) {
                if (mode == Mode.STREAMING) {
                    problems.add(root.line(), "streaming.checkpoint_dir", "missing required key: --mode streaming needs"
                            + " a checkpoint directory");
                }
                return Optional.empty();
            }
            streaming.checkKeys(STREAMING_KEYS, Map.of());
            Duration trigger = streaming.duration("trigger_interval", false);
            if (trigger != null && trigger.isNegative()) {
                streaming.errorAt("trigger_interval", "expected a duration that is not negative");
            }
            String checkpointDir = streaming.string("checkpoint_dir", mode == Mode.STREAMING);
            return checkpointDir == null ? Optional.empty()
                    : Optional.of(new StreamingSpec(Optional.ofNullable(trigger), checkpointDir));
        }

        /** Defaults for every key not given; the validated values are bounded so a job cannot retry forever. */
        private RetrySpec parseRetry(ConfigNode root) {
            ConfigNode retry = root.object("retry", false);
            if (retry == null) {
                return RetrySpec.DEFAULT;
            }
            retry.checkKeys(RETRY_KEYS, Map.of());
            Long attempts = retry.longValue("max_attempts", false);
            Duration initial = retry.duration("initial_backoff", false);
            Duration max = retry.duration("max_backoff", false);
            if (attempts != null && (attempts < 1 || attempts > 100)) {
                retry.errorAt("max_attempts", "expected 1 to 100 writes of a batch in all (1 = no retry), got "
                        + attempts);
            }
            if (initial != null && (initial.isNegative() || initial.isZero())) {
                retry.errorAt("initial_backoff", "expected a positive duration such as 1s");
            }
            Duration initialOrDefault = initial != null ? initial : RetrySpec.DEFAULT.initialBackoff();
            if (max != null && max.compareTo(initialOrDefault) < 0) {
                retry.errorAt("max_backoff", "expected at least initial_backoff (" + initialOrDefault + "), got " + max);
            }
            if (max != null && max.compareTo(Duration.ofHours(1)) > 0) {
                retry.errorAt("max_backoff", "expected at most 1h between attempts, got " + max);
            }
            return new RetrySpec(attempts != null ? attempts.intValue() : RetrySpec.DEFAULT.maxAttempts(),
                    initialOrDefault, max != null ? max : RetrySpec.DEFAULT.maxBackoff().compareTo(initialOrDefault) < 0
                            ? initialOrDefault : RetrySpec.DEFAULT.maxBackoff());
        }

        private Optional<DeadLetterSpec> parseDeadLetter(ConfigNode root, boolean hasKafkaSource,
                                                         Optional<String> kafkaSourceBrokers) {
            ConfigNode deadLetter = root.object("dead_letter", false);
            if (deadLetter == null) {
                return Optional.empty();
            }
            String type = deadLetter.oneOf("type", true, "kafka", "path");
            if ("kafka".equals(type)) {
                deadLetter.checkKeys(DEAD_LETTER_KAFKA_KEYS, onlyFor(List.of("path"), "path"));
                String topic = deadLetter.string("topic", true);
                String servers = deadLetter.string("bootstrap_servers", false);
                if (servers == null && !hasKafkaSource && deadLetter.value("bootstrap_servers") == null) {
                    deadLetter.errorAt("bootstrap_servers", "missing required key: there is no Kafka source whose"
                            + " brokers the dead letters could go to");
                }
                Map<String, StringOrSecret> options = deadLetter.stringMap("kafka_options");
                if (topic != null && options != null) {
                    return Optional.of(new DeadLetterSpec.Kafka(topic,
                            servers != null ? Optional.of(servers) : kafkaSourceBrokers, options));
                }
            } else if ("path".equals(type)) {
                deadLetter.checkKeys(DEAD_LETTER_PATH_KEYS, onlyFor(List.of("topic", "bootstrap_servers",
                        "kafka_options"), "kafka"));
                String path = deadLetter.string("path", true);
                if (path != null) {
                    return Optional.of(new DeadLetterSpec.Files(path));
                }
            }
            return Optional.empty();
        }

    }

    // ---- helpers ----

    private static String notAQuery(String statementKind) {
        return "expected a query (SELECT, WITH or VALUES), not a command (" + statementKind + ")";
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static boolean isWholeNumber(ConfigValue value) {
        return value.valueType() == ConfigValueType.NUMBER
                && (value.unwrapped() instanceof Integer || value.unwrapped() instanceof Long);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static Map<String, String> onlyFor(List<String> keys, String type) {
        Map<String, String> explanations = new HashMap<>();
        keys.forEach(key -> explanations.put(key, "only valid with type = " + type));
        return explanations;
    }

    /** Typesafe prefixes messages with the origin, which our error format already prints. */
    private static String withoutOriginPrefix(ConfigException e) {
        String message = e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }
}
