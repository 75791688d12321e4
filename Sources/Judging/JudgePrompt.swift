import LLMClient
import PersonaKit

/// The judge's messages: the instructions, the candidate, and the held personas it is compared with.
///
/// The name, username and age fields are left out: the generator samples them afresh for every attempt,
/// so they say nothing about whether two personas are the same character (the persona-pair labels
/// ignore them too, see `Benchmarks/persona-pairs/README.md`). The texts are shown as written, names
/// inside them included, and the instructions say those names are drawn at random.
public enum JudgePrompt {
    /// The system message.
    public static let system = """
    You decide whether a newly written persona is the same character as one of the personas already kept. \
    The same character means the same person, life and circumstances, even when every sentence is reworded, \
    shortened, retold with new traits, or given a new chatting style. Different people who merely share a \
    profession, a life situation, traits, a sentence pattern or many words are NOT the same character. \
    Names are drawn at random for every persona and say nothing: a persona retold under another name is \
    still the same character, and two people who share a name are not. \
    Answer with a JSON object only: {"same_character": true or false, "reason": "one short sentence"}.
    """

    /// The marker that opens the candidate's block in the user message (scripted test servers route on it).
    public static let candidateMarker = "NEW PERSONA"

    /// The user message for `candidate` against `held` (at most a few, nearest first).
    public static func user(candidate: Persona, held: [Persona]) -> String {
        var lines = ["\(candidateMarker):", describe(candidate), ""]
        for (index, persona) in held.enumerated() {
            lines += ["KEPT PERSONA \(index + 1):", describe(persona), ""]
        }
        lines.append(held.count == 1 ? "Is the new persona the same character as the kept persona?"
                                     : "Is the new persona the same character as any of the \(held.count) kept personas?")
        return lines.joined(separator: "\n")
    }

    /// The two messages of one judge request.
    public static func messages(candidate: Persona, held: [Persona]) -> [ChatMessage] {
        [.system(system), .user(user(candidate: candidate, held: held))]
    }

    /// Traits, background and chatting style, one per line.
    static func describe(_ persona: Persona) -> String {
        "Traits: \(persona.traits.joined(separator: ", "))\nBackground: \(persona.background)\nChatting style: \(persona.chattingStyle)"
    }
}
