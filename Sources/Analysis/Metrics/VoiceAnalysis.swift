import PersonaKit
import TextMetrics

/// The voice of a persona dataset: how many backgrounds and chatting styles name their own persona, and how
/// many are written in the first person. A dataset builder wants one consistent voice; a model that switches
/// between "Amara is a paralegal …" and "I'm a paralegal …" shows up here.
public enum VoiceAnalysis {
    /// Words that mark first-person text, as `Lexical.words` splits them ("I'm" is "i", "m").
    static let firstPersonWords: Set<String> = ["i", "me", "my", "mine", "myself"]

    /// Whether `text` is written in the first person (it uses I, me, my, mine or myself).
    public static func isFirstPerson(_ text: String) -> Bool {
        Lexical.words(text).contains(where: firstPersonWords.contains)
    }

    /// The section; nil for text inputs.
    /// - Complexity: O(total length of backgrounds and chatting styles).
    public static func report(dataset: AuditDataset, examples: Int = 3) -> VoiceReport? {
        guard let personas = dataset.personas, !personas.isEmpty else { return nil }
        func measure(_ text: (Persona) -> String) -> VoiceReport.Field {
            var field = VoiceReport.Field()
            for (index, persona) in personas.enumerated() {
                let value = text(persona)
                let example = ExampleItem(id: dataset.ids[index], text: value)
                if NameMask(persona).occurs(in: value) {
                    field.namingPersona += 1
                    if field.namingExamples.count < examples { field.namingExamples.append(example) }
                }
                if isFirstPerson(value) {
                    field.firstPerson += 1
                    if field.firstPersonExamples.count < examples { field.firstPersonExamples.append(example) }
                }
            }
            field.namingShare = Double(field.namingPersona) / Double(personas.count)
            field.firstPersonShare = Double(field.firstPerson) / Double(personas.count)
            return field
        }
        return VoiceReport(background: measure(\.background), chattingStyle: measure(\.chattingStyle))
    }
}

/// How backgrounds and chatting styles speak about their persona.
public struct VoiceReport: Sendable, Codable {
    /// One field's counts.
    public struct Field: Sendable, Codable {
        /// Texts that name their own persona (a word of its name, or its username).
        public var namingPersona = 0
        /// ``namingPersona`` over all personas.
        public var namingShare = 0.0
        /// The first few of them.
        public var namingExamples: [ExampleItem] = []
        /// Texts in the first person (I, me, my, mine, myself).
        public var firstPerson = 0
        /// ``firstPerson`` over all personas.
        public var firstPersonShare = 0.0
        /// The first few of them.
        public var firstPersonExamples: [ExampleItem] = []
    }

    /// Backgrounds.
    public var background: Field
    /// Chatting styles.
    public var chattingStyle: Field
}
