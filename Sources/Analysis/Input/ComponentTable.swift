/// Weighted generation components in SPB's `persona_components.json` format:
/// `{"professions": [{"value", "weight", "min_age"?, "max_age"?}], "life_contexts": [...],
/// "traits": [...], "chatting_quirks": [...]}`.
public struct ComponentTable: Sendable, Equatable {
    /// One weighted value.
    public struct Entry: Sendable, Equatable {
        public var value: String
        public var weight: Double
        public var minAge: Int?
        public var maxAge: Int?

        /// Creates an entry.
        public init(value: String, weight: Double, minAge: Int? = nil, maxAge: Int? = nil) {
            self.value = value
            self.weight = weight
            self.minAge = minAge
            self.maxAge = maxAge
        }
    }

    public var professions: [Entry]
    public var lifeContexts: [Entry]
    public var traits: [Entry]
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
