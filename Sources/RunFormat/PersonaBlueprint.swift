/// The randomly drawn ingredients of one attempt; the LLM turns them into a persona.
public struct PersonaBlueprint: Sendable, Equatable, Codable {
    /// Profession text.
    public var profession: String
    /// Target age, inside the profession's range and the global range.
    public var age: Int
    /// Current life situation.
    public var lifeContext: String
    /// Distinct personality adjectives.
    public var traits: [String]
    /// The texting habit the chatting style starts from.
    public var chattingQuirk: String
    /// Full name the persona keeps, whatever the model writes.
    public var name: String
    /// Username the persona keeps (nil: none).
    public var username: String?

    /// A blueprint from its parts.
    public init(profession: String, age: Int, lifeContext: String, traits: [String], chattingQuirk: String, name: String, username: String?) {
        self.profession = profession
        self.age = age
        self.lifeContext = lifeContext
        self.traits = traits
        self.chattingQuirk = chattingQuirk
        self.name = name
        self.username = username
    }

    enum CodingKeys: String, CodingKey {
        case profession, age, traits, name, username
        case lifeContext = "life_context"
        case chattingQuirk = "chatting_quirk"
    }
}
