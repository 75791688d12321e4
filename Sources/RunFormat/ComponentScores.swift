/// Every component of the field-aware score for one pair, and the duplicate probability they give.
///
/// Meant for logs and rejected records, so a reader sees why a pair was judged a duplicate (the
/// `nearest_components` object of `events.jsonl` and `rejected.jsonl` lines; FieldScoring computes it).
/// JSON keys are snake_case: `cos_whole`, `cos_background`, `cos_traits`, `cos_style`,
/// `trait_jaccard`, `word_jaccard`, `probability`.
public struct ComponentScores: Sendable, Equatable, Codable {
    /// Cosine of the whole persona texts.
    public let cosWhole: Double
    /// Cosine of the backgrounds.
    public let cosBackground: Double
    /// Cosine of the trait lists.
    public let cosTraits: Double
    /// Cosine of the chatting styles.
    public let cosStyle: Double
    /// Jaccard similarity of the trait sets.
    public let traitJaccard: Double
    /// Jaccard similarity of the backgrounds' content words.
    public let wordJaccard: Double
    /// The model's probability that the two personas are the same character.
    public let probability: Double

    /// Scores from their values.
    public init(cosWhole: Double, cosBackground: Double, cosTraits: Double, cosStyle: Double, traitJaccard: Double, wordJaccard: Double,
                probability: Double) {
        self.cosWhole = cosWhole
        self.cosBackground = cosBackground
        self.cosTraits = cosTraits
        self.cosStyle = cosStyle
        self.traitJaccard = traitJaccard
        self.wordJaccard = wordJaccard
        self.probability = probability
    }

    enum CodingKeys: String, CodingKey {
        case cosWhole = "cos_whole", cosBackground = "cos_background", cosTraits = "cos_traits", cosStyle = "cos_style"
        case traitJaccard = "trait_jaccard", wordJaccard = "word_jaccard", probability
    }
}
