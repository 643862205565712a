package io.tributary.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret's value must never reach a toString, a validation message or the CLI's output. */
class SecretsTest {
    /** A sink type with a SECRET option; what is checked here is secret handling, not any real sink's keys. */
    private static final SinkSpecRegistry REGISTRY = ProvisionalSinkSpecs.registry().with(new SinkOptionsSpec() {
        @Override
        public String type() {
            return "with_secret";
        }

        @Override
        public java.util.List<OptionSpec> options() {
            return java.util.List.of(OptionSpec.optional("password", OptionType.SECRET, "a secret"));
        }
    });

    private static final String SECRET_VALUE = "s3cr3t-hunter2";

    @TempDir
    Path dir;

    @Test
    void resolvedSecretsAreMasked() {
        Secret secret = new SecretRef.FromEnv("ES_PASSWORD").resolve(Map.of("ES_PASSWORD", SECRET_VALUE)::get);
        assertEquals("***", secret.toString());
        assertEquals("***", String.valueOf(secret));
        assertEquals(SECRET_VALUE, secret.reveal());
    }

    @Test
    void fileSecretDropsTheTrailingNewline() {
        Path secretFile = JobFiles.write(dir, "password", SECRET_VALUE + "\n");
        assertEquals(SECRET_VALUE, new SecretRef.FromFile(secretFile).resolve().reveal());
    }

    @Test
    void unavailableSecretSaysWhereItLooked() {
        SecretRef.SecretUnavailableException missingEnv = assertThrows(SecretRef.SecretUnavailableException.class,
                () -> new SecretRef.FromEnv("NOT_SET_ANYWHERE").resolve(name -> null));
        assertEquals("environment variable NOT_SET_ANYWHERE is not set", missingEnv.getMessage());
        assertThrows(SecretRef.SecretUnavailableException.class,
                () -> new SecretRef.FromFile(dir.resolve("absent")).resolve());
    }

    @Test
    void parsedJobNeverShowsSecretValues() throws Exception {
        Path secretFile = JobFiles.write(dir, "es-password", SECRET_VALUE);
        Path jaasFile = JobFiles.write(dir, "jaas", "PlainLoginModule required password=\"" + SECRET_VALUE + "\";");
        Path job = JobFiles.write(dir, "job.conf", JobFiles.validWithLine(4, "    thrift_class = io.tributary.events.ListingEvent,"
                        + " kafka_options { \"sasl.jaas.config\" = { file = \"" + jaasFile + "\" } } }")
                .replace("type = console }", "type = with_secret,"
                        + " password = { file = \"" + secretFile + "\" } }"));

        JobSpec spec = JobFile.load(job, Mode.STREAMING, Map.of(), REGISTRY);
        SourceSpec.Kafka kafka = (SourceSpec.Kafka) spec.sources().get(0);
        Secret password = spec.sink("out").orElseThrow().options().secret("password").orElseThrow().resolve();
        Secret jaas = kafka.kafkaOptions().get("sasl.jaas.config").resolve();

        assertEquals(SECRET_VALUE, password.reveal(), "the secret resolves at run time");
        assertTrue(StringOrSecret.revealAll(kafka.kafkaOptions()).get("sasl.jaas.config").contains(SECRET_VALUE));
        for (String printed : new String[] {spec.toString(), password.toString(), jaas.toString(),
                kafka.kafkaOptions().toString(), spec.sinks().toString()}) {
            assertFalse(printed.contains(SECRET_VALUE), printed);
        }
    }

    @Test
    void validationErrorsNeverEchoSecretValues() {
        Path job = JobFiles.write(dir, "job.conf", JobFiles.validWithLine(4, "    thrift_class = io.tributary.events.ListingEvent,"
                        + " kafka_options { \"sasl.jaas.config\" = \"password=" + SECRET_VALUE + "\","
                        + " \"ssl.truststore.password\" = " + SECRET_VALUE + ","
                        + " \"ssl.key.password\" = { env = KEY_PASSWORD, value = " + SECRET_VALUE + " },"
                        + " \"ssl.keystore.password\" = [" + SECRET_VALUE + "] } }")
                .replace("type = console }", "type = with_secret,"
                        + " password = " + SECRET_VALUE + ", pasword = " + SECRET_VALUE + " }"));

        ValidationResult result = new JobValidator(REGISTRY)
                .validate(job, Mode.STREAMING, Map.of());

        assertEquals(6, result.errors().size(), result.errors().toString());
        JobFiles.assertError(result, job, 9, "sink[0].password",
                "expected { env = NAME } or { file = /path }, got a string; secrets stay out of job files");
        JobFiles.assertError(result, job, 4, "source[0].kafka_options.\"sasl.jaas.config\"", "looks like a credential");
        for (ValidationError error : result.errors()) {
            assertFalse(error.toString().contains(SECRET_VALUE), error.toString());
        }
        assertFalse(new JobValidationException(result.errors()).getMessage().contains(SECRET_VALUE));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(new String[] {"validate", job.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                REGISTRY);
        assertEquals(ValidateCommand.INVALID, exit);
        assertFalse((out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).contains(SECRET_VALUE));
    }
}
