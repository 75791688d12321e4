extension Lexical {
    /// Common English function words, left out of cluster labels and phrase mining.
    public static let stopWords: Set<String> = Set("""
    a about after again all also am an and any are as at be because been before being but by can could did do does \
    doing down during each few for from further had has have having he her here hers herself him himself his how i if \
    in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over \
    own same she should so some such than that the their theirs them themselves then there these they this those through \
    to too under until up very was we were what when where which while who whom why will with would you your yours \
    s t don who's she's he's they're it's often uses use using while
    """.split(whereSeparator: \.isWhitespace).map(String.init))
}
