import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import RunFormat

/// Creating, checking, clearing and recovering a run directory.
enum RunDirectory {
    /// What a stopped run left behind, repaired.
    struct Contents {
        var accepted: [(persona: Persona, id: String)] = []
        var embeddings = Matrix(rows: 0, columns: 0)
        var lastAttempt = 0
        var manifest: GenerationManifest?
        /// The blueprint each accepted persona's attempt sampled, by persona id (from `events.jsonl`).
        var blueprints: [String: PersonaBlueprint] = [:]
        /// Field rows aligned with ``accepted`` (``FieldRows``), when asked for.
        var fieldRows: Matrix?
        /// LLM judge calls recorded in `events.jsonl`.
        var judgeCalls = 0
        /// Candidates steering rejected (`overused-phrase`, `crowded`) recorded in `events.jsonl`.
        var steeringRejections = 0
        /// The crowding gains recorded in `events.jsonl`, in file order.
        var crowdingGains: [Double] = []
        /// Each event's avoid list and the templates of it the candidate copied, for events that record
        /// copies (`steering.copied`: the candidate reached the gate), in file order.
        var namedRecords: [(attempt: Int, named: [String], used: [String])] = []
        /// Personas selection steering withdrew (`not-selected` events): nonzero once the run made its selection.
        var withdrawn = 0
    }

    /// Creates `directory` when absent.
    static func create(_ directory: URL) throws {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw GenerationError.fileSystem(directory.path, "cannot create directory", error)
        }
    }

    /// Refuses to start over a directory with content unless resuming or forcing, and to
    /// resume a directory that holds no run; removes the previous run's files on `.force`.
    static func check(_ directory: URL, mode: PersonaGenerator.StartMode, lockName: String) throws {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0 != lockName }
        switch mode {
        case .fresh where !entries.isEmpty:
            throw GenerationError.runDirectoryNotEmpty(directory)
        case .resume where !entries.contains(RunFiles.manifest):
            throw GenerationError.nothingToResume(directory)
        case .force:
            for name in RunFiles.all {
                let url = directory.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path) {
                    do { try FileManager.default.removeItem(at: url) } catch {
                        throw GenerationError.fileSystem(url.path, "cannot remove", error)
                    }
                }
            }
        default: break
        }
    }

    /// Repairs and reads a stopped run: drops partial last lines, checks ids, completes a selection's
    /// withdrawals a stop interrupted, and aligns `embeddings.f32` with `personas.jsonl` (extra rows cut,
    /// missing or foreign rows re-embedded with `encoder`).
    ///
    /// A persona whose `accepted` event is missing (the run stopped between the two writes) gets a
    /// recovered event; in a `steered` run it is cut instead, as if the stop came a moment earlier,
    /// since steering's state needs the blueprint only the event holds (its attempt number stays used).
    ///
    /// With `fieldRows` (the field-aware score), `fields.f32` is aligned by the same rule, and rebuilt
    /// with `fieldRows` when it is absent, shorter than `personas.jsonl` or from another encoder.
    static func recover(_ directory: URL, encoder: any TextEncoder, steered: Bool = false,
                        embed: ([String]) async throws -> Matrix,
                        fieldRows: (([Persona]) async throws -> Matrix)? = nil) async throws -> Contents {
        let manifest = try GenerationManifest.read(directory: directory)
        var contents = Contents()
        contents.manifest = manifest
        let personasURL = directory.appendingPathComponent(RunFiles.personas)
        var seen = Set<String>()
        var lineBytes = [Int]()
        for (line, text) in try JSONLinesFile.repair(personasURL) {
            lineBytes.append(text.utf8.count + 1)
            let persona: Persona
            do { persona = try Persona(json: try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) } catch {
                throw GenerationError.data(personasURL.path, line: line, "\(error)")
            }
            guard let id = persona.id else { throw GenerationError.data(personasURL.path, line: line, field: "id", "missing") }
            guard seen.insert(id).inserted else { throw GenerationError.data(personasURL.path, line: line, field: "id", "duplicate id \"\(id)\"") }
            contents.accepted.append((persona, id))
            contents.lastAttempt = max(contents.lastAttempt, attemptNumber(ofID: id))
        }
        var acceptedEvents = Set<String>(), withdrawnIDs = Set<String>()
        let rejectedURL = directory.appendingPathComponent(RunFiles.rejected)
        for (line, text) in try JSONLinesFile.repair(rejectedURL) {
            let record = try RunRecordCoding.decode(RejectedCandidate.self, from: Data(text.utf8), file: rejectedURL.path, line: line)
            contents.lastAttempt = max(contents.lastAttempt, record.attempt)
        }
        let eventsURL = directory.appendingPathComponent(RunFiles.events)
        for (line, text) in try JSONLinesFile.repair(eventsURL) {
            let event = try RunRecordCoding.decode(AttemptEvent.self, from: Data(text.utf8), file: eventsURL.path, line: line)
            contents.lastAttempt = max(contents.lastAttempt, event.attempt)
            contents.judgeCalls += event.judge?.calls ?? 0
            if RejectReason(rawValue: event.decision)?.isSteering == true { contents.steeringRejections += 1 }
            if let gain = event.steering?.crowdingGain { contents.crowdingGains.append(gain) }
            if let copied = event.steering?.copied, let named = event.steering?.avoid { contents.namedRecords.append((event.attempt, named, copied)) }
            if event.decision == RejectReason.notSelected.rawValue, let id = event.id { withdrawnIDs.insert(id) }
            if event.decision == AttemptEvent.accepted, let id = event.id {
                acceptedEvents.insert(id)
                if let blueprint = event.components { contents.blueprints[id] = blueprint }
            }
        }
        contents.withdrawn = withdrawnIDs.count
        try finishWithdrawals(withdrawnIDs, in: directory, accepted: &contents.accepted, lineBytes: &lineBytes)
        let missing = contents.accepted.filter { !acceptedEvents.contains($0.id) }
        if steered, !missing.isEmpty {
            // Personas are written in order, so those without an event are the last lines: cut from the first of them.
            let kept = contents.accepted.firstIndex { !acceptedEvents.contains($0.id) } ?? contents.accepted.count
            let size = (try? FileManager.default.attributesOfItem(atPath: personasURL.path)[.size] as? Int) ?? 0
            contents.accepted.removeSubrange(kept...)
            try JSONLinesFile.truncate(personasURL, to: size - lineBytes[kept...].reduce(0, +))
        } else {
            try recordMissingEvents(for: missing, in: directory)
        }

        let count = contents.accepted.count
        let sameEncoder = manifest.encoderIdentifier == encoder.identifier && manifest.embeddingDimension == encoder.dimension
        let textTemplate = manifest.config.textTemplate
        let texts = contents.accepted.map { textTemplate.render($0.persona) }
        contents.embeddings = try await alignRows(directory.appendingPathComponent(RunFiles.embeddings), count: count, width: encoder.dimension,
                                                  trusted: sameEncoder) { try await embed(texts) }
        if !sameEncoder {
            contents.manifest?.encoderIdentifier = encoder.identifier
            contents.manifest?.embeddingDimension = encoder.dimension
        }
        if let fieldRows {
            let personas = contents.accepted.map(\.persona)
            contents.fieldRows = try await alignRows(directory.appendingPathComponent(RunFiles.fields), count: count,
                                                     width: FieldRows.width(dimension: encoder.dimension), trusted: sameEncoder) {
                try await fieldRows(personas)
            }
        }
        return contents
    }

    /// The first `count` rows of the row file at `url` (``EmbeddingFile`` format), cutting a partial last row
    /// and extra rows off the file; when the file is absent, damaged, too short, of another width or not
    /// `trusted` (another encoder), the rows are recomputed and the file rewritten.
    /// Rows are written before their persona line, so only the last row may lack a persona.
    static func alignRows(_ url: URL, count: Int, width: Int, trusted: Bool,
                          recompute: () async throws -> Matrix) async throws -> Matrix {
        if trusted, let stored = try? EmbeddingFile.open(url), stored.dimension == width, stored.rows >= count,
           let rows = try? stored.read(0 ..< count) {
            if stored.rows != count || stored.trailingBytes != 0 {
                try JSONLinesFile.truncate(url, to: EmbeddingFile.headerSize + count * width * 4)
            }
            return rows
        }
        let rows = count == 0 ? Matrix(rows: 0, columns: width) : try await recompute()
        try EmbeddingFile.write(rows, to: url)
        return rows
    }

    /// A persona is made durable before its event, so a stop between the two writes leaves a
    /// persona without an `accepted` event; appends one, marked as recovered, for each.
    static func recordMissingEvents(for personas: [(persona: Persona, id: String)], in directory: URL) throws {
        guard !personas.isEmpty else { return }
        let events = try AppendFile(url: directory.appendingPathComponent(RunFiles.events))
        for entry in personas {
            try events.appendRecord(AttemptEvent(attempt: attemptNumber(ofID: entry.id), components: nil, referenceSource: nil, references: [],
                                                 decision: AttemptEvent.accepted,
                                                 detail: "event recovered on resume: the run stopped after writing this persona, before its event",
                                                 id: entry.id, faults: []))
        }
    }

    /// The attempt number in an id of the form `<prefix>-<attempt>` (0 when it has none).
    static func attemptNumber(ofID id: String) -> Int {
        id.split(separator: "-").last.flatMap { Int($0) } ?? 0
    }
}
