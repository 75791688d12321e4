import ContentChecks
import Foundation
import PersonaKit
import RunFormat

/// Turns a model's reply into a validated persona, or says why it cannot.
public enum CandidateParser {
    /// Why a reply was not a usable persona.
    public enum Failure: Error, Sendable, Equatable {
        /// No balanced `{...}` object anywhere in the reply.
        case noJSON
        /// An object was found but did not parse as JSON (the message says where).
        case invalidJSON(String)
        /// It parsed but broke the schema or a card rule.
        case invalidPersona([String])
        /// It is a well-formed persona whose fields break content rules (``ContentRule``): kept with the rules it broke.
        case contentRules(Persona, [RuleViolation])

        /// The short reason recorded in `rejected.jsonl` and `events.jsonl`.
        public var reason: RejectReason {
            switch self {
            case .noJSON: .noJSON
            case .invalidJSON: .invalidJSON
            case .invalidPersona: .invalidPersona
            case .contentRules: .contentRule
            }
        }

        /// A one-line explanation.
        public var detail: String {
            switch self {
            case .noJSON: "the reply holds no JSON object"
            case let .invalidJSON(message): message
            case let .invalidPersona(problems): problems.joined(separator: "; ")
            case let .contentRules(_, violations): violations.map(\.description).joined(separator: "; ")
            }
        }
    }

    /// The first balanced `{...}` in `text`, skipping code fences and surrounding prose.
    ///
    /// Braces inside JSON strings (with escapes) do not count. When the first balanced
    /// object does not parse as JSON, later ones are tried.
    /// - Complexity: O(n) per candidate object.
    public static func extractJSONObject(from text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var firstBalanced: String?
        while let open = scalars[start...].firstIndex(of: "{") {
            guard let close = matchingBrace(scalars, from: open) else { break }
            let candidate = String(String.UnicodeScalarView(scalars[open ... close]))
            if (try? JSONSerialization.jsonObject(with: Data(candidate.utf8))) != nil { return candidate }
            if firstBalanced == nil { firstBalanced = candidate }
            start = open + 1
        }
        return firstBalanced
    }

    private static func matchingBrace(_ scalars: [Unicode.Scalar], from open: Int) -> Int? {
        var depth = 0, inString = false, escaped = false
        for index in open ..< scalars.count {
            let c = scalars[index]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }

    /// Parses and validates a reply; the persona keeps `blueprint`'s name and username.
    /// - Parameters:
    ///   - reply: the model's raw text.
    ///   - blueprint: the identity to impose.
    ///   - rules: the card's limits.
    ///   - content: the content rules checked once the card's pass (nil: none).
    /// - Returns: the persona, or the failure (never throws, never traps).
    public static func parse(_ reply: String, blueprint: PersonaBlueprint, rules: ValidationRules,
                             content: ContentChecker? = nil) -> Result<Persona, Failure> {
        guard let objectText = extractJSONObject(from: reply) else { return .failure(.noJSON) }
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: Data(objectText.utf8)) } catch {
            return .failure(.invalidJSON("the JSON object does not parse (\(String(describing: error).prefix(160)))"))
        }
        guard case var .object(fields) = value else { return .failure(.invalidJSON("not an object")) }
        fields["name"] = .string(blueprint.name)
        fields["username"] = blueprint.username.map(JSONValue.string) ?? .null
        fields["model"] = nil
        fields["id"] = nil
        var persona: Persona
        do { persona = try Persona(json: .object(fields)) } catch {
            return .failure(.invalidPersona(["\(error)"]))
        }
        persona.traits = persona.traits.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        persona.background = persona.background.trimmingCharacters(in: .whitespacesAndNewlines)
        persona.chattingStyle = persona.chattingStyle.trimmingCharacters(in: .whitespacesAndNewlines)
        persona.extraFields = [:]
        let violations = persona.violations(of: rules)
        if !violations.isEmpty {
            return .failure(.invalidPersona(violations.map { "\($0.field): \($0.message)" }))
        }
        if let broken = content?.violations(of: persona), !broken.isEmpty { return .failure(.contentRules(persona, broken)) }
        return .success(persona)
    }
}
