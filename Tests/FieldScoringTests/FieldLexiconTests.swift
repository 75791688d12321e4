import FieldScoring
import Testing

@Suite struct FieldLexiconTests {
    @Test func traitSetsAreTrimmedLowerCasedAndSkipBlanks() {
        #expect(FieldLexicon.traitSet([" Calm", "calm ", "PRACTICAL", "  ", ""]) == ["calm", "practical"])
    }

    @Test func jaccardEdgeCases() {
        let calm = FieldLexicon.traitSet(["calm", "practical", "outdoorsy"])
        #expect(FieldLexicon.jaccard([], []) == 0)
        #expect(FieldLexicon.jaccard(calm, []) == 0)
        #expect(FieldLexicon.jaccard(calm, FieldLexicon.traitSet(["Outdoorsy", "Calm", "practical"])) == 1)
        #expect(FieldLexicon.jaccard(calm, ["bold", "loud"]) == 0)
        #expect(FieldLexicon.jaccard(calm, ["calm", "bold"]) == 0.25)
        #expect(FieldLexicon.jaccard(["calm", "bold"], calm) == 0.25)
    }

    @Test func contentWordsAreLetterAndDigitRunsWithoutStopWords() {
        let words = FieldLexicon.contentWords("She skis to work in Tromsø, 2 huskies; her aunt's café-bar!")
        #expect(words == ["skis", "work", "tromsø", "2", "huskies", "aunt", "café", "bar"])
        #expect(FieldLexicon.contentWords("the and of, to!").isEmpty)
        #expect(FieldLexicon.contentWords("") == [])
    }
}
