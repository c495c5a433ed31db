package dev.hydrant.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KdaSqlLexerTest {
    @Test
    void readsStringsIdentifiersNumbersAndSymbolsWithPositions() {
        List<KdaSqlToken> tokens = KdaSqlLexer.tokenize("SELECT 'it''s', \"a\"\"b\" -- comment ; 'x'\n  /* ; \n */ x.y >= 1.5e3;");

        assertThat(tokens).containsExactly(
                new KdaSqlToken(KdaSqlToken.Kind.WORD, "SELECT", 1, 1),
                new KdaSqlToken(KdaSqlToken.Kind.STRING, "it's", 1, 8),
                new KdaSqlToken(KdaSqlToken.Kind.SYMBOL, ",", 1, 15),
                new KdaSqlToken(KdaSqlToken.Kind.QUOTED, "a\"b", 1, 17),
                new KdaSqlToken(KdaSqlToken.Kind.WORD, "x", 3, 5),
                new KdaSqlToken(KdaSqlToken.Kind.SYMBOL, ".", 3, 6),
                new KdaSqlToken(KdaSqlToken.Kind.WORD, "y", 3, 7),
                new KdaSqlToken(KdaSqlToken.Kind.SYMBOL, ">=", 3, 9),
                new KdaSqlToken(KdaSqlToken.Kind.NUMBER, "1.5e3", 3, 12),
                new KdaSqlToken(KdaSqlToken.Kind.SYMBOL, ";", 3, 17),
                new KdaSqlToken(KdaSqlToken.Kind.END, "", 3, 18));
    }

    @Test
    void decodesUnicodeStringLiterals() {
        assertThat(KdaSqlLexer.tokenize("u&'\\0041\\+01F600\\\\z'").get(0))
                .isEqualTo(new KdaSqlToken(KdaSqlToken.Kind.STRING, "A\uD83D\uDE00\\z", 1, 1));
    }

    @Test
    void reportsUnterminatedLiteralsAtTheirStart() {
        assertThatThrownBy(() -> KdaSqlLexer.tokenize("SELECT\n  'abc"))
                .isInstanceOfSatisfying(KdaSqlException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo("Unterminated string literal");
                });
        assertThatThrownBy(() -> KdaSqlLexer.tokenize("x /* y"))
                .isInstanceOfSatisfying(KdaSqlException.class, e -> assertThat(e.column()).isEqualTo(3));
        assertThatThrownBy(() -> KdaSqlLexer.tokenize("a ? b"))
                .hasMessage("Lexical error: encountered \"?\"");
    }
}
