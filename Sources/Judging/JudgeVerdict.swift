import PersonaKit

/// The judge's answer about one candidate: whether it is the same character as any persona shown, and why.
///
/// The wire form is the JSON object `{"same_character": bool, "reason": string}` (``schema``).
public struct JudgeVerdict: Sendable, Equatable, Codable {
    /// Whether the candidate is the same character as one of the held personas shown.
    public var sameCharacter: Bool
    /// The judge's one-sentence reason (cut to ``maxReasonLength`` characters).
    public var reason: String

    /// Reasons longer than this are cut, so a rambling judge cannot bloat the logs.
    public static let maxReasonLength = 500

    /// Creates a verdict.
    public init(sameCharacter: Bool, reason: String) {
        self.sameCharacter = sameCharacter
        self.reason = String(reason.prefix(Self.maxReasonLength))
    }

    enum CodingKeys: String, CodingKey {
        case sameCharacter = "same_character", reason
    }

    /// The JSON Schema sent in the schema modes of structured output.
    public static let schema: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "same_character": .object(["type": .string("boolean")]),
            "reason": .object(["type": .string("string"), "minLength": .number(1), "maxLength": .number(Double(maxReasonLength))]),
        ]),
        "required": .array([.string("same_character"), .string("reason")]),
        "additionalProperties": .bool(false),
    ])

    /// The verdict in a reply: the text from its first `{` to its last `}` (so a code fence or a
    /// sentence around the object does not matter) must be a JSON object whose `same_character` is a
    /// boolean and whose `reason` is a string; anything else is nil (garbage, counted by the caller).
    public static func parse(_ reply: String) -> JudgeVerdict? {
        guard let open = reply.firstIndex(of: "{"), let close = reply.lastIndex(of: "}"), open < close,
              let object = try? JSONValue.parse(String(reply[open ... close])),
              case let .bool(same)? = object["same_character"], case let .string(reason)? = object["reason"] else { return nil }
        return JudgeVerdict(sameCharacter: same, reason: reason)
    }
}
