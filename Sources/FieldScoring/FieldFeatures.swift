/// The six numbers the field-aware score combines, for one pair of personas.
///
/// Cosines are between unit MiniLM embeddings (see ``PersonaField``); the Jaccard similarities
/// come from ``FieldLexicon``. Name, username and age are deliberately absent: the generator
/// samples them afresh, so they say nothing about whether two personas are the same character.
/// The same shape holds a model's weights (``FieldScoreModel/weights``). JSON keys are snake_case.
public struct FieldFeatures: Sendable, Equatable, Codable {
    /// Cosine of the whole persona texts (the gate's template).
    public var cosWhole: Double
    /// Cosine of the backgrounds alone.
    public var cosBackground: Double
    /// Cosine of the trait lists alone (joined with ", ").
    public var cosTraits: Double
    /// Cosine of the chatting styles alone.
    public var cosStyle: Double
    /// Jaccard similarity of the lower-cased trait sets.
    public var traitJaccard: Double
    /// Jaccard similarity of the backgrounds' content words.
    public var wordJaccard: Double

    /// Creates the features (or weights) from their six values.
    public init(cosWhole: Double, cosBackground: Double, cosTraits: Double, cosStyle: Double,
                traitJaccard: Double, wordJaccard: Double) {
        self.cosWhole = cosWhole
        self.cosBackground = cosBackground
        self.cosTraits = cosTraits
        self.cosStyle = cosStyle
        self.traitJaccard = traitJaccard
        self.wordJaccard = wordJaccard
    }

    /// The six values in declaration order (the fit script's column order).
    public var values: [Double] { [cosWhole, cosBackground, cosTraits, cosStyle, traitJaccard, wordJaccard] }

    enum CodingKeys: String, CodingKey {
        case cosWhole = "cos_whole", cosBackground = "cos_background", cosTraits = "cos_traits", cosStyle = "cos_style"
        case traitJaccard = "trait_jaccard", wordJaccard = "word_jaccard"
    }
}
