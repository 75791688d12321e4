/// One fictional persona, in the Synthetic Persona Bank card's schema.
///
/// JSON keys: `name`, `username` (nullable), `age`, `traits`, `background`,
/// `chatting_style`, and the optional `model` and `id`. Any other key read from a
/// file is kept in ``extraFields`` and written back unchanged.
public struct Persona: Sendable, Equatable, Hashable {
    /// The full name (`name`).
    public var name: String
    /// The online handle (`username`), nil when the dataset has null.
    public var username: String?
    /// The age in years (`age`); the card allows 19-75.
    public var age: Int
    /// Personality adjectives (`traits`); the card allows 3-5.
    public var traits: [String]
    /// A short back story (`background`); the card allows up to 300 characters.
    public var background: String
    /// How the persona writes online (`chatting_style`); the card allows up to 120 characters.
    public var chattingStyle: String
    /// The model that generated the persona, when known.
    public var model: String?
    /// A stable identifier, when the dataset has one.
    public var id: String?
    /// Fields this schema does not know, preserved for round trips.
    public var extraFields: [String: JSONValue]

    /// Creates a persona from its fields.
    public init(name: String, username: String?, age: Int, traits: [String], background: String,
                chattingStyle: String, model: String? = nil, id: String? = nil,
                extraFields: [String: JSONValue] = [:]) {
        self.name = name
        self.username = username
        self.age = age
        self.traits = traits
        self.background = background
        self.chattingStyle = chattingStyle
        self.model = model
        self.id = id
        self.extraFields = extraFields
    }

    /// The JSON keys this type reads and writes itself.
    public static let knownKeys: Set<String> = ["name", "username", "age", "traits", "background", "chatting_style", "model", "id"]
}
