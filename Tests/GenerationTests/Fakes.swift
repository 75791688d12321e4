import Embedding
import Foundation
import Generation
import LinearAlgebra
import PersonaKit
import Synchronization

/// A deterministic bag-of-words encoder: each lower-cased word hashes (FNV-1a) to one of
/// `dimension` buckets; rows are L2-normalised. Texts sharing most words have high cosine.
struct BagOfWordsEncoder: TextEncoder {
    let dimension: Int
    var identifier: String { "test-bag-of-words-\(dimension)" }

    init(dimension: Int = 512) { self.dimension = dimension }

    func encode(_ texts: [String]) async throws -> Matrix {
        var matrix = Matrix(rows: texts.count, columns: dimension)
        for (row, text) in texts.enumerated() {
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                for byte in word.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
                matrix[row, Int(hash % UInt64(dimension))] += 1
            }
        }
        Vectors.normalizeRows(&matrix)
        return matrix
    }
}

/// Small inputs written for these tests.
enum TestInputs {
    static func personas() -> [Persona] {
        [
            Persona(name: "Ines Ortega", username: "ines.knits", age: 34, traits: ["patient", "wry", "methodical"],
                    background: "Hospital pharmacist who restores old sewing machines on weekends and sells them online.",
                    chattingStyle: "Full sentences, one emoji at most, signs off with a dash."),
            Persona(name: "Tomasz Wolak", username: nil, age: 61, traits: ["gruff", "loyal", "curious"],
                    background: "Retired ferry engineer learning to code so he can chart the tides for his fishing club.",
                    chattingStyle: "ALL CAPS by accident half the time, asks lots of questions."),
            Persona(name: "Keziah Mensah", username: "kez_on_keys", age: 23, traits: ["bubbly", "scattered", "generous"],
                    background: "Music student who teaches piano to kids over video calls to pay for her rent.",
                    chattingStyle: "rapid bursts of short lines, lots of exclamation marks!!"),
            Persona(name: "Priya Raman", username: "pr_builds", age: 45, traits: ["focused", "dry", "kind"],
                    background: "Civil engineer inspecting bridges in rural counties, raising two teenagers alone.",
                    chattingStyle: "Bullet points even in casual chat, no emoji."),
        ]
    }

    static func inputs() -> GenerationInputs {
        let components = PersonaComponents(
            professions: [WeightedComponent(value: "Nurse", weight: 50, minAge: 22),
                          WeightedComponent(value: "Student", weight: 30, minAge: 18, maxAge: 24),
                          WeightedComponent(value: "Welder", weight: 15),
                          WeightedComponent(value: "Judge", weight: 5, minAge: 40)],
            lifeContexts: [WeightedComponent(value: "moving to a new city", weight: 2), WeightedComponent(value: "grieving a friend", weight: 1)],
            traits: ["calm", "blunt", "anxious", "warm", "stubborn", "playful", "shy"].enumerated().map { WeightedComponent(value: $1, weight: Double($0 + 1)) },
            chattingQuirks: [WeightedComponent(value: "types in lowercase", weight: 1), WeightedComponent(value: "overuses ellipses", weight: 1)])
        return GenerationInputs(components: components, seedPersonas: personas(), firstNames: ["Ana", "Bo", "Chidi"],
                                lastNames: ["Lind", "Moreau", "Sato"], usernames: ["quiet.fox", "north_wind"])
    }

    static func temporaryDirectory(_ name: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("spb-generation-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
            .appendingPathComponent(name.filter(\.isLetter))
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }
}

/// Scripted chats: replies built by a closure, with a record of every prompt seen.
final class ScriptedChat: Sendable {
    private let log = Mutex<[(system: String, user: String)]>([])
    private let counter = Atomic<Int>(0)

    /// Prompts received so far.
    var prompts: [(system: String, user: String)] { log.withLock { $0 } }

    /// A chat whose n-th reply (0-based, in arrival order) is `reply(n, user prompt)`.
    func chat(_ reply: @escaping @Sendable (Int, String) throws -> String) -> PersonaChat {
        PersonaChat { [self] system, user in
            log.withLock { $0.append((system, user)) }
            let n = counter.add(1, ordering: .relaxed).oldValue
            return ChatReply(text: try reply(n, user), promptTokens: 100, completionTokens: 50)
        }
    }

    /// A reply persona made of words unique to `n`, so no two replies are near-duplicates; it passes
    /// the content rules (one-word traits of letters, a finished background of 14 words, a 3-word style).
    static func distinctReply(_ n: Int) -> String {
        let words = (0 ..< 14).map { "w\(n)x\($0)" }.joined(separator: " ")
        let tag = letters(n)
        return """
        Sure! Here is the persona:
        ```json
        {"name": "Model Name", "username": "model_user", "age": 30, "traits": ["t\(tag)a", "t\(tag)b", "t\(tag)c"],
         "background": "\(words).", "chatting_style": "style\(n) s\(n)y quirk\(n)"}
        ```
        """
    }

    /// `n` spelled with the letters a-j for its digits (12 → "bc"), for traits that must be letters.
    static func letters(_ n: Int) -> String {
        String(String(n).compactMap { $0.wholeNumberValue.map { Character(UnicodeScalar(UInt8(97 + $0))) } })
    }
}
