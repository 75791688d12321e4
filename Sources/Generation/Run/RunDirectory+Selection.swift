import Foundation
import LinearAlgebra
import PersonaKit
import RunFormat

extension RunDirectory {
    /// A held persona that selection steering withdraws (``FinalSelection``).
    struct Withdrawal {
        /// Its line in `personas.jsonl` (0-based), which is its row in `embeddings.f32` and `fields.f32`.
        var index: Int
        var persona: Persona
        var id: String
        /// What its attempt sampled (nil when its event was lost).
        var blueprint: PersonaBlueprint?
        /// Why, in words.
        var detail: String
        /// Why, as the event's `selection` object.
        var selection: SelectionRecord
    }

    /// Withdraws personas from a run: each gets a `not-selected` line in `rejected.jsonl` (the persona
    /// itself, so nothing is lost) and a second event line for its attempt in `events.jsonl`; then
    /// `embeddings.f32` and `fields.f32` are rewritten without their rows and `personas.jsonl` without
    /// their lines (each file to a temporary file, then renamed).
    ///
    /// The records come first, the persona lines last, so a stop at any point leaves the withdrawals
    /// in `events.jsonl` and ``finishWithdrawals(_:in:accepted:lineBytes:)`` completes them on resume.
    /// - Parameter count: the lines of `personas.jsonl` (and rows of the row files) the indices refer to.
    static func withdraw(_ withdrawals: [Withdrawal], from directory: URL, count: Int) throws {
        guard !withdrawals.isEmpty else { return }
        let rejected = try AppendFile(url: directory.appendingPathComponent(RunFiles.rejected))
        let events = try AppendFile(url: directory.appendingPathComponent(RunFiles.events))
        for withdrawal in withdrawals {
            let attempt = attemptNumber(ofID: withdrawal.id)
            try rejected.appendRecord(RejectedCandidate(attempt: attempt, reason: .notSelected, detail: withdrawal.detail,
                                                        candidate: withdrawal.persona.jsonValue, reply: nil, nearestID: nil, nearestScore: nil,
                                                        selection: withdrawal.selection))
            try events.appendRecord(AttemptEvent(attempt: attempt, components: withdrawal.blueprint, referenceSource: nil, references: [],
                                                 decision: RejectReason.notSelected.rawValue, detail: withdrawal.detail, id: withdrawal.id,
                                                 faults: [], selection: withdrawal.selection))
        }
        let gone = Set(withdrawals.map(\.index))
        try removeRowsAndLines(gone, count: count, in: directory)
    }

    /// Completes withdrawals a stop interrupted: the personas of `accepted` that `events.jsonl` already
    /// withdrew (`withdrawnIDs`) leave `personas.jsonl`, and their rows leave the row files when those still
    /// have one row per persona line (a row file already rewritten is left alone; one that matches neither
    /// is rebuilt by ``alignRows(_:count:width:trusted:recompute:)`` afterwards).
    static func finishWithdrawals(_ withdrawnIDs: Set<String>, in directory: URL, accepted: inout [(persona: Persona, id: String)],
                                  lineBytes: inout [Int]) throws {
        let gone = Set(accepted.indices.filter { withdrawnIDs.contains(accepted[$0].id) })
        guard !gone.isEmpty else { return }
        try removeRowsAndLines(gone, count: accepted.count, in: directory)
        let kept = accepted.indices.filter { !gone.contains($0) }
        accepted = kept.map { accepted[$0] }
        lineBytes = kept.map { lineBytes[$0] }
    }

    /// Rewrites the row files (when they hold `count` rows) without the rows `gone`, then `personas.jsonl`
    /// (`count` lines) without those lines.
    private static func removeRowsAndLines(_ gone: Set<Int>, count: Int, in directory: URL) throws {
        let kept = (0 ..< count).filter { !gone.contains($0) }
        for name in [RunFiles.embeddings, RunFiles.fields] {
            let url = directory.appendingPathComponent(name)
            guard let rows = try? EmbeddingFile.read(url), rows.rows >= count else { continue }
            try EmbeddingFile.write(rows.selecting(rows: kept), to: url)
        }
        let personasURL = directory.appendingPathComponent(RunFiles.personas)
        let lines = try JSONLinesFile.repair(personasURL)
        let text = lines.indices.filter { !gone.contains($0) }.map { lines[$0].text + "\n" }.joined()
        do { try Data(text.utf8).write(to: personasURL, options: .atomic) } catch {
            throw GenerationError.fileSystem(personasURL.path, "cannot write", error)
        }
    }
}
