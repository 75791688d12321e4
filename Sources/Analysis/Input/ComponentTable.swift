/// Weighted generation components in SPB's `persona_components.json` format:
/// `{"professions": [{"value", "weight", "min_age"?, "max_age"?}], "life_contexts": [...],
/// "traits": [...], "chatting_quirks": [...]}`.
public struct ComponentTable: Sendable, Equatable {
    /// One weighted value.
    public struct Entry: Sendable, Equatable {
        /// The component text.
        public var value: String
        /// Relative sampling weight.
        public var weight: Double
        /// Youngest age the component suits (professions), when limited.
        public var minAge: Int?
        /// Oldest age the component suits, when limited.
        public var maxAge: Int?

        /// Creates an entry.
        public init(value: String, weight: Double, minAge: Int? = nil, maxAge: Int? = nil) {
            self.value = value
            self.weight = weight
            self.minAge = minAge
            self.maxAge = maxAge
        }
    }

    /// `professions`.
    public var professions: [Entry]
    /// `life_contexts`.
    public var lifeContexts: [Entry]
    /// `traits`.
    public var traits: [Entry]
    /// `chatting_quirks`.
    public var quirks: [Entry]
    /// Where it was read from.
    public var source: String

    /// Creates a table.
    public init(professions: [Entry], lifeContexts: [Entry], traits: [Entry], quirks: [Entry], source: String) {
        self.professions = professions
        self.lifeContexts = lifeContexts
        self.traits = traits
        self.quirks = quirks
        self.source = source
    }
}
