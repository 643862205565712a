package io.tributary.localstack.esplugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class UniqueTokenFilterTest {

    @Test
    void dropsEveryRepeatOfATermAndStartsAfreshOnReset() throws Exception {
        WhitespaceTokenizer tokenizer = new WhitespaceTokenizer();
        TokenStream unique = new UniqueTokenFilter(tokenizer);
        assertEquals(List.of("ada", "example.com", "ada@example.com"),
                terms(tokenizer, unique, "ada example.com ada ada@example.com example.com"));
        assertEquals(List.of("ada"), terms(tokenizer, unique, "ada ada"), "terms of the last stream are forgotten");
    }

    private static List<String> terms(WhitespaceTokenizer tokenizer, TokenStream stream, String text) throws Exception {
        tokenizer.setReader(new StringReader(text));
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        List<String> out = new ArrayList<>();
        stream.reset();
        while (stream.incrementToken()) {
            out.add(term.toString());
        }
        stream.end();
        stream.close();
        return out;
    }
}
