package io.tributary.localstack.esplugin;

import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;

/**
 * Token filters {@code pattern_capture} and {@code unique} and tokenizer {@code uax_url_email}, with the settings
 * the {@code analysis-common} module reads for them: the security index's {@code email} analyzer needs exactly these,
 * and that module is not in the integ-test zip. The first two come from Lucene's {@code lucene-analysis-common},
 * which the zip ships in {@code lib/}; {@code unique} is {@link UniqueTokenFilter}.
 */
final class SecurityIndexAnalysis {
    private SecurityIndexAnalysis() {
    }

    static Map<String, AnalysisProvider<TokenFilterFactory>> tokenFilters() {
        return Map.of(
                "pattern_capture", AnalysisPlugin.requiresAnalysisSettings((indexSettings, env, name, settings) -> {
                    Pattern[] patterns = settings.getAsList("patterns").stream().map(Pattern::compile)
                            .toArray(Pattern[]::new);
                    boolean preserveOriginal = settings.getAsBoolean("preserve_original", true);
                    return filter(name, in -> new PatternCaptureGroupTokenFilter(in, preserveOriginal, patterns));
                }),
                "unique", (indexSettings, env, name, settings) -> filter(name, UniqueTokenFilter::new));
    }

    static Map<String, AnalysisProvider<TokenizerFactory>> tokenizers() {
        return Map.of("uax_url_email", (indexSettings, env, name, settings) -> {
            int maxTokenLength = settings.getAsInt("max_token_length", StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
            return TokenizerFactory.newFactory(name, () -> {
                UAX29URLEmailTokenizer tokenizer = new UAX29URLEmailTokenizer();
                tokenizer.setMaxTokenLength(maxTokenLength);
                return tokenizer;
            });
        });
    }

    private static TokenFilterFactory filter(String name, UnaryOperator<TokenStream> wrap) {
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream in) {
                return wrap.apply(in);
            }
        };
    }
}
