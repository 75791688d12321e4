extension FieldLexicon {
    /// Common English function words, left out of a background's content words.
    ///
    /// `Benchmarks/persona-pairs/fit_fields.py` reads this list from this file, so the fitted
    /// coefficients and the Swift features use the same words.
    public static let stopWords: Set<String> = Set("""
    a about above after again against all also am an and any are as at be because been before being below between \
    both but by can could did do does doing down during each either every few for from further had has have having he \
    her here hers herself him himself his how i if in into is it its itself just me more most my myself neither no nor \
    not now of off on once only or other our ours ourselves out over own same she should so some such than that the \
    their theirs them themselves then there these they this those through to too under until up very was we were what \
    when where which while who whom whose why will with would you your yours yourself s t d ll m re ve
    """.split(whereSeparator: \.isWhitespace).map(String.init))
}
