import PersonaKit
import RunFormat
import TextMetrics

/// A phrase template of one persona field, as the audit's `PhraseTemplates` mines them: an opening
/// (the first 2-4 words) or an n-gram (3-6 words, not only stop words), words as `Lexical.words` splits them.
public struct PhraseTemplate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Where in the field the words are.
    public enum Kind: String, Sendable { case opening, phrase }

    /// `background` or `chatting_style`.
    public var field: String
    /// Opening or anywhere.
    public var kind: Kind
    /// The words, lower-cased, space-separated.
    public var text: String

    /// A template from its parts.
    public init(field: String, kind: Kind, text: String) {
        self.field = field
        self.kind = kind
        self.text = text
    }

    /// How events, rejections and the prompt name it: `background opening "as a …"` or `chatting_style phrase "loves to"`.
    public var description: String { kind == .opening ? "\(field) opening \"\(text) …\"" : "\(field) phrase \"\(text)\"" }

    public static func < (a: PhraseTemplate, b: PhraseTemplate) -> Bool { a.description < b.description }

    /// The templates a persona uses, leaving out those its own ingredients explain: a template with at
    /// least one non-stop word, all of which occur in the blueprint (name, profession, life context,
    /// traits, quirk), repeats what the prompt asked for rather than a habit of the model.
    /// - Complexity: O(words · lengths) per field.
    public static func templates(of persona: Persona, blueprint: PersonaBlueprint?) -> Set<PhraseTemplate> {
        let given = Set(blueprint.map { [$0.name, $0.username ?? "", $0.profession, $0.lifeContext, $0.chattingQuirk] + $0.traits }?
            .flatMap(Lexical.words) ?? [])
        func explained(_ text: String) -> Bool { Self.made(of: given, text) }
        var result = Set<PhraseTemplate>()
        for (field, value) in [("background", persona.background), ("chatting_style", persona.chattingStyle)] {
            let tokens = Lexical.words(value)
            for text in PhraseTemplates.documentOpenings(tokens) where !explained(text) {
                result.insert(PhraseTemplate(field: field, kind: .opening, text: text))
            }
            for text in PhraseTemplates.documentNgrams(tokens) where !explained(text) {
                result.insert(PhraseTemplate(field: field, kind: .phrase, text: text))
            }
        }
        return result
    }

    /// Whether the template only echoes the prompt's instructions: it has at least one non-stop word
    /// and all of them are among `instructionWords` (``PromptTemplate/instructionWords``), like
    /// "one sentence about their work" from a prompt asking for "one sentence about their work".
    public func isEcho(of instructionWords: Set<String>) -> Bool { Self.made(of: instructionWords, text) }

    /// Whether `text` has at least one non-stop word and all of them are in `words`.
    private static func made(of words: Set<String>, _ text: String) -> Bool {
        let content = text.split(separator: " ").map(String.init).filter { !Lexical.stopWords.contains($0) }
        return !content.isEmpty && content.allSatisfy(words.contains)
    }
}
