import Embedding
import LinearAlgebra
import PersonaKit
import VectorIndex

/// How candidates are checked against what the run already holds.
public enum GateMode: String, Sendable, Codable, CaseIterable {
    /// Exact duplicate of normalised text, then cosine against every accepted and seed persona.
    case semantic
    /// SPB's own rule, for comparison (`Persona.isSPBNearDuplicate`): same first word of the
    /// background and more than two shared traits with one of the prompt's reference personas.
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
    /// The cosine threshold used when `--threshold` is not given: a candidate whose best cosine
    /// similarity to any accepted or seed persona is at or above it is rejected
    /// (`MiniLMEncoder.defaultDuplicateThreshold`, chosen by the threshold benchmark).
    static let defaultThreshold = MiniLMEncoder.defaultDuplicateThreshold

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
    private var rows: [(id: String, persona: Persona)] = []
    private var rowOfID: [String: Int] = [:]

    init(mode: GateMode, threshold: Float, dimension: Int) {
        self.mode = mode
        self.threshold = threshold
        self.index = VectorIndex(dimension: dimension)
    }

    /// Identifiers of the held personas, in index-row order.
    var rowIDs: [String] { rows.map(\.id) }

    /// Adds a persona without checking (seeds, and accepted personas on resume).
    mutating func register(_ persona: Persona, text: String, embedding: [Float], id: String) throws {
        let row = try index.add(embedding)
        append(persona, id: id, key: Self.normalized(text), row: row)
    }

    /// Checks a candidate and, when it passes, inserts it under `id`.
    /// - Parameters:
    ///   - references: identifiers of the personas its prompt showed (used by `spb-lexical`).
    /// - Complexity: O(n·d) for n held personas of dimension d (one matrix-vector product).
    mutating func admit(_ persona: Persona, text: String, embedding: [Float], id: String, references: [String] = []) throws -> Verdict {
        let key = Self.normalized(text)
        switch mode {
        case .semantic:
            if let row = exactKeys[key] {
                return .rejected(.exactDuplicate, nearest: Nearest(id: rows[row].id, score: 1))
            }
            switch try index.insertIfNovel(embedding, threshold: threshold) {
            case let .rejected(nearest):
                return .rejected(.nearDuplicate, nearest: describe(nearest))
            case let .inserted(row, nearest):
                append(persona, id: id, key: key, row: row)
                return .accepted(nearest: nearest.flatMap(describe))
            }
        case .spbLexical, .none:
            let nearest = try index.nearest(to: embedding).flatMap(describe)
            if mode == .spbLexical,
               let row = references.compactMap({ rowOfID[$0] }).first(where: { persona.isSPBNearDuplicate(of: rows[$0].persona) }) {
                let score = BLAS.dot(embedding, index.vector(at: row))
                return .rejected(.lexicalDuplicate, nearest: Nearest(id: rows[row].id, score: score))
            }
            let row = try index.add(embedding)
            append(persona, id: id, key: key, row: row)
            return .accepted(nearest: nearest)
        }
    }

    private mutating func append(_ persona: Persona, id: String, key: String, row: Int) {
        precondition(row == rows.count, "index rows out of step with the gate's identifiers")
        rows.append((id, persona))
        rowOfID[id] = row
        if exactKeys[key] == nil { exactKeys[key] = row }
    }

    private func describe(_ neighbor: Neighbor) -> Nearest? {
        rows.indices.contains(neighbor.id) ? Nearest(id: rows[neighbor.id].id, score: neighbor.score) : nil
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
