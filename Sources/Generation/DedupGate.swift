import PersonaKit
import VectorIndex

/// How candidates are checked against what the run already holds.
public enum GateMode: String, Sendable, Codable, CaseIterable {
    /// Exact duplicate of normalised text, then cosine against every accepted and seed persona.
    case semantic
    /// SPB's own rule, for comparison: an identical (name, age, sorted traits, background, chatting style) tuple.
    case spbLexical = "spb-lexical"
    /// No deduplication.
    case none
}

/// Decides whether a candidate is novel and, if so, adds it (check and insert in one step).
///
/// The gate is a value owned by one actor (``RunLedger``), so the exact-duplicate check,
/// the index's `insertIfNovel` and the bookkeeping of row ids happen without interleaving:
/// of two concurrent near-identical candidates exactly one is accepted.
struct DedupGate {
    /// The cosine threshold used when `--threshold` is not given.
    ///
    /// A candidate whose best cosine similarity (MiniLM embeddings of the default persona
    /// text) to any accepted or seed persona is at or above this value is rejected. 0.85 is
    /// a provisional choice; the threshold benchmark (helper `thresholds`) will set the final value.
    static let defaultThreshold: Float = 0.85

    /// The verdict on one candidate.
    enum Verdict: Equatable {
        case accepted(nearest: Nearest?)
        case rejected(RejectReason, nearest: Nearest?)
    }

    /// The closest persona already held: its identifier and cosine similarity.
    struct Nearest: Equatable, Sendable {
        var id: String
        var score: Float
    }

    let mode: GateMode
    let threshold: Float
    let index: VectorIndex
    private var exactKeys: [String: Int] = [:]
    private var lexicalKeys: [SPBLexicalKey: Int] = [:]
    private(set) var rowIDs: [String] = []

    init(mode: GateMode, threshold: Float, dimension: Int) {
        self.mode = mode
        self.threshold = threshold
        self.index = VectorIndex(dimension: dimension)
    }

    /// Adds a persona without checking (seeds, and accepted personas on resume).
    mutating func register(_ persona: Persona, text: String, embedding: [Float], id: String) throws {
        let row = try index.add(embedding)
        append(id: id, key: Self.normalized(text), lexical: SPBLexicalKey(persona), row: row)
    }

    /// Checks a candidate and, when it passes, inserts it under `id`.
    /// - Complexity: O(n·d) for n held personas of dimension d (one matrix-vector product).
    mutating func admit(_ persona: Persona, text: String, embedding: [Float], id: String) throws -> Verdict {
        let key = Self.normalized(text), lexical = SPBLexicalKey(persona)
        switch mode {
        case .semantic:
            if let row = exactKeys[key] {
                return .rejected(.exactDuplicate, nearest: Nearest(id: rowIDs[row], score: 1))
            }
            switch try index.insertIfNovel(embedding, threshold: threshold) {
            case let .rejected(nearest):
                return .rejected(.nearDuplicate, nearest: describe(nearest))
            case let .inserted(row, nearest):
                append(id: id, key: key, lexical: lexical, row: row)
                return .accepted(nearest: nearest.flatMap(describe))
            }
        case .spbLexical, .none:
            let nearest = try index.nearest(to: embedding).flatMap(describe)
            if mode == .spbLexical, let row = lexicalKeys[lexical] {
                return .rejected(.lexicalDuplicate, nearest: Nearest(id: rowIDs[row], score: nearest?.score ?? 1))
            }
            let row = try index.add(embedding)
            append(id: id, key: key, lexical: lexical, row: row)
            return .accepted(nearest: nearest)
        }
    }

    private mutating func append(id: String, key: String, lexical: SPBLexicalKey, row: Int) {
        precondition(row == rowIDs.count, "index rows out of step with the gate's identifiers")
        rowIDs.append(id)
        exactKeys[key] = exactKeys[key] ?? row
        lexicalKeys[lexical] = lexicalKeys[lexical] ?? row
    }

    private func describe(_ neighbor: Neighbor) -> Nearest? {
        rowIDs.indices.contains(neighbor.id) ? Nearest(id: rowIDs[neighbor.id], score: neighbor.score) : nil
    }

    /// Lower-cased text with punctuation removed and whitespace runs collapsed to one space.
    static func normalized(_ text: String) -> String {
        var output = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSpace && !output.isEmpty { output.append(" ") }
                pendingSpace = false
                output.append(character)
            } else if character.isWhitespace {
                pendingSpace = true
            }
        }
        return output
    }
}

/// SPB's deduplication key (`process.uv.py`, `get_persona_dedupe_key`): name, age, sorted
/// traits, background and chatting style, compared exactly. SPB's generator itself (branch
/// 2508) has no similarity check; this post-processing key is the only one in its code.
struct SPBLexicalKey: Hashable {
    let name: String
    let age: Int
    let traits: [String]
    let background: String
    let chattingStyle: String

    init(_ persona: Persona) {
        name = persona.name
        age = persona.age
        traits = persona.traits.sorted()
        background = persona.background
        chattingStyle = persona.chattingStyle
    }
}
