/// Turns a persona into the text that is embedded or compared, from a template over its fields.
///
/// Placeholders: `{name}`, `{username}` (empty when null), `{age}`, `{traits}` (joined with
/// ", "), `{background}`, `{chatting_style}`. Write `{{` and `}}` for literal braces.
/// The ``default`` template leaves out name, username and age: they are drawn at random and say
/// nothing about the character, so they would only add noise to similarity.
///
/// Names are masked by default (``masksNames``): before a field is rendered, the persona's own name and
/// username in it become ``NameMask/token`` (``nameBlind(_:)``), because instruct models write the
/// freshly drawn name into the prose and MiniLM weighs it heavily. Every text PersonaBank embeds or
/// compares goes through this type, so the rule holds everywhere; ``keepingNames()`` turns it off.
public struct PersonaTextTemplate: Sendable, Equatable, CustomStringConvertible {
    /// A template that cannot be used, and why.
    public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, e.g. `unknown placeholder {job}; known: …`.
        public let message: String
        /// Same as ``message``.
        public var description: String { message }
    }

    /// The fields a template can name.
    public enum Field: String, Sendable, CaseIterable {
        case name, username, age, traits, background
        case chattingStyle = "chatting_style"
    }

    enum Piece: Sendable, Equatable {
        case literal(String)
        case field(Field)
    }

    /// The template text as given.
    public let source: String
    let pieces: [Piece]
    /// Whether each persona's own name and username are masked in its texts (see the type's notes).
    public private(set) var masksNames = true

    /// `"Traits: {traits}. Background: {background} Chatting style: {chatting_style}"`.
    public static let `default`: PersonaTextTemplate = {
        let defaultSource = "Traits: {traits}. Background: {background} Chatting style: {chatting_style}"
        do { return try PersonaTextTemplate(defaultSource) } catch { preconditionFailure("default template: \(error)") }
    }()

    /// Parses a template.
    ///
    /// - Parameter template: text with `{field}` placeholders.
    /// - Throws: ``TemplateError`` for an unknown placeholder or an unmatched brace.
    public init(_ template: String) throws(TemplateError) {
        source = template
        pieces = try TemplateSyntax.parse(template).map { piece throws(TemplateError) in
            switch piece {
            case let .literal(text): return .literal(text)
            case let .placeholder(name):
                guard let field = Field(rawValue: name) else {
                    let known = Field.allCases.map { "{\($0.rawValue)}" }.joined(separator: " ")
                    throw TemplateError(message: "unknown placeholder {\(name)} in template; known: \(known)")
                }
                return .field(field)
            }
        }
    }

    /// The fields this template uses, in order of appearance.
    public var fields: [Field] {
        pieces.compactMap { if case let .field(field) = $0 { field } else { nil } }
    }

    /// The same template with name masking off (`--keep-names`).
    public func keepingNames() -> PersonaTextTemplate {
        var copy = self
        copy.masksNames = false
        return copy
    }

    /// The masking rule as run manifests record it: `own-name:` followed by the token, or `none`.
    public var nameMasking: String { masksNames ? "own-name:\(NameMask.token)" : Self.noNameMasking }

    /// ``nameMasking`` of a template that keeps names (and of runs made before masking existed).
    public static let noNameMasking = "none"

    /// `persona` as this template shows it: with masking on, its own name and username replaced by
    /// ``NameMask/token`` in the background, the traits and the chatting style, and the name and
    /// username fields themselves set to the token; unchanged otherwise. What the field-aware score and
    /// the lexical measures read.
    public func nameBlind(_ persona: Persona) -> Persona {
        guard masksNames else { return persona }
        let mask = NameMask(persona)
        guard !mask.isEmpty else { return persona }
        var shown = persona
        shown.name = NameMask.token
        shown.username = persona.username == nil ? nil : NameMask.token
        shown.traits = persona.traits.map { mask.apply(to: $0) }
        shown.background = mask.apply(to: persona.background)
        shown.chattingStyle = mask.apply(to: persona.chattingStyle)
        return shown
    }

    /// Fills in the placeholders from `persona` (name-blind, see ``nameBlind(_:)``).
    ///
    /// - Parameter persona: the persona to describe.
    /// - Returns: the rendered text.
    public func render(_ persona: Persona) -> String {
        let persona = nameBlind(persona)
        var output = ""
        for piece in pieces {
            switch piece {
            case let .literal(text): output += text
            case let .field(field):
                switch field {
                case .name: output += persona.name
                case .username: output += persona.username ?? ""
                case .age: output += String(persona.age)
                case .traits: output += persona.traits.joined(separator: ", ")
                case .background: output += persona.background
                case .chattingStyle: output += persona.chattingStyle
                }
            }
        }
        return output
    }

    /// The template text as given.
    public var description: String { source }
}
