import Foundation
import PersonaKit
import RunFormat
import TextMetrics

/// The system and user messages sent for each attempt, with `{placeholder}` slots.
///
/// Placeholders (all optional in a custom template):
/// - `{references}`: the reference personas, one JSON object per line
/// - `{profession}`, `{age}`, `{life_context}`, `{chatting_quirk}`: the sampled blocks
/// - `{traits}`: the sampled traits, comma-separated
/// - `{name}`, `{username}`: the identity the persona keeps (`{username}` is "none" when null)
/// - `{min_traits}`, `{max_traits}`, `{max_background}`, `{max_chatting_style}`: the field limits
/// - `{max_background_words}`, `{max_chatting_style_words}`: the length limits in words (characters / 7,
///   rounded down): models keep to a word count far better than to a character count
/// - `{avoid}`: phrase steering's list of banned phrasing, as a paragraph starting with a blank line
///   (empty when nothing is banned or steering is off; a template without it still works, and the
///   candidates using banned phrasing are still rejected)
///
/// A custom template is a JSON file `{"system": "...", "user": "..."}`; a missing key keeps
/// the default text. Any other `{lower_case}` word in braces is an error, so typos surface.
public struct PromptTemplate: Sendable, Equatable {
    /// The system message.
    public var system: String
    /// The user message.
    public var user: String

    /// Every placeholder a template may use.
    public static let placeholders: [String] = [
        "references", "profession", "age", "life_context", "traits", "chatting_quirk", "name", "username",
        "min_traits", "max_traits", "max_background", "max_chatting_style", "max_background_words", "max_chatting_style_words", "avoid",
    ]

    /// A template from its two messages.
    /// - Throws: ``GenerationError`` when a message uses an unknown placeholder.
    public init(system: String, user: String, file: String = "prompt template") throws {
        for (field, text) in [("system", system), ("user", user)] {
            for name in Self.placeholderNames(in: text) where !Self.placeholders.contains(name) {
                throw GenerationError.data(file, field: field, "unknown placeholder {\(name)}; known: \(Self.placeholders.map { "{\($0)}" }.joined(separator: " "))")
            }
        }
        self.system = system
        self.user = user
    }

    private init(unchecked system: String, user: String) {
        self.system = system
        self.user = user
    }

    /// Reads a JSON template file; missing keys fall back to ``default``.
    public init(contentsOf url: URL) throws {
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: try GenerationInputs.readData(url)) } catch let error as GenerationError { throw error } catch {
            throw GenerationError.data(url.path, "not valid JSON (expected {\"system\": ..., \"user\": ...})")
        }
        guard case .object = value else { throw GenerationError.data(url.path, "expected a JSON object with \"system\" and/or \"user\"") }
        func text(_ key: String, _ fallback: String) throws -> String {
            switch value[key] {
            case nil: return fallback
            case let .string(s)?: return s
            case let other?: throw GenerationError.data(url.path, field: key, "expected a string, found \(other.typeName)")
            }
        }
        try self.init(system: try text("system", Self.default.system), user: try text("user", Self.default.user), file: url.path)
    }

    /// The messages for one attempt.
    /// - Parameters:
    ///   - blueprint: the sampled ingredients.
    ///   - references: example personas the model should not repeat.
    ///   - rules: field limits quoted to the model.
    ///   - avoid: banned phrase templates for `{avoid}`.
    /// - Returns: the system and user messages with every placeholder filled.
    public func render(_ blueprint: PersonaBlueprint, references: [Persona], rules: ValidationRules,
                       avoid: [PhraseTemplate] = []) -> (system: String, user: String) {
        let referenceLines = references.map(Self.referenceLine).joined(separator: "\n")
        let values: [String: String] = [
            "references": referenceLines,
            "profession": blueprint.profession,
            "age": String(blueprint.age),
            "life_context": blueprint.lifeContext,
            "traits": blueprint.traits.joined(separator: ", "),
            "chatting_quirk": blueprint.chattingQuirk,
            "name": blueprint.name,
            "username": blueprint.username ?? "none",
            "min_traits": String(rules.traitCount.lowerBound),
            "max_traits": String(rules.traitCount.upperBound),
            "max_background": String(rules.maxBackground),
            "max_chatting_style": String(rules.maxChattingStyle),
            "max_background_words": String(rules.maxBackground / Self.charactersPerWord),
            "max_chatting_style_words": String(rules.maxChattingStyle / Self.charactersPerWord),
            "avoid": Self.avoidParagraph(avoid),
        ]
        return (Self.fill(system, values), Self.fill(user, values))
    }

    /// Characters per word when a limit in characters is given in words (English prose averages about six
    /// letters and a space; rounding down keeps a text of that many words inside the limit).
    static let charactersPerWord = 7

    /// The two messages as the run manifest records them.
    public var record: PromptRecord { PromptRecord(system: system, user: user) }

    /// A reference persona as the prompt shows it: traits, background and chatting style as one JSON
    /// object. Name, username and age are left out: they are drawn afresh for every attempt, and a
    /// reference's name invites the model to copy it into the new persona's text.
    static func referenceLine(_ persona: Persona) -> String {
        JSONValue.object([
            "traits": .array(persona.traits.map(JSONValue.string)),
            "background": .string(persona.background),
            "chatting_style": .string(persona.chattingStyle),
        ]).jsonText
    }

    /// The words of the template's own instructions (both messages, placeholders left out), as
    /// `Lexical.words` splits them: phrase steering bans a template made only of these (an echo of the
    /// instructions, "one sentence about …") like any other, but never names it in `{avoid}`, since
    /// naming the echo makes a small model copy the list (``PhraseTemplate/isEcho(of:)``).
    public var instructionWords: Set<String> {
        let blank = Dictionary(uniqueKeysWithValues: Self.placeholders.map { ($0, " ") })
        return Set(Lexical.words(Self.fill(system, blank) + " " + Self.fill(user, blank)))
    }

    /// The `{avoid}` text: a blank line, then one line per banned template; empty for none. Templates are
    /// mined from name-blind texts, so the name token (``PersonaKit/NameMask/token``) is shown as `<name>`.
    static func avoidParagraph(_ templates: [PhraseTemplate]) -> String {
        guard !templates.isEmpty else { return "" }
        let token = NameMask.token.lowercased()
        let lines = templates.map { template in
            let field = template.field.replacingOccurrences(of: "_", with: " ")
            let text = template.text.split(separator: " ").map { $0 == token ? "<name>" : String($0) }.joined(separator: " ")
            return template.kind == .opening ? "- \"\(text) …\" at the start of the \(field)" : "- \"\(text)\" anywhere in the \(field)"
        }
        return "\n\nPhrasing this dataset already overuses (do not write any of it):\n" + lines.joined(separator: "\n")
    }

    /// Replaces each `{name}` with its value in one pass (values are never re-scanned).
    static func fill(_ text: String, _ values: [String: String]) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen ..< close])] {
                output += value
                rest = rest[rest.index(after: close)...]
            } else {
                output += "{"
                rest = rest[afterOpen...]
            }
        }
        return output + rest
    }

    /// Brace-enclosed lower-case words (`{like_this}`) in `text`.
    static func placeholderNames(in text: String) -> [String] {
        var names = [String]()
        var current: String?
        for character in text {
            if character == "{" { current = "" } else if character == "}" {
                if let name = current, !name.isEmpty { names.append(name) }
                current = nil
            } else if current != nil {
                if character.isLowercase || character == "_" { current?.append(character) } else { current = nil }
            }
        }
        return names
    }

    /// PersonaBank's own wording of the SPB prompt (``PersonaKit/DefaultPrompt``).
    public static let `default` = PromptTemplate(unchecked: DefaultPrompt.system, user: DefaultPrompt.user)
}
