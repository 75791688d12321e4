import Foundation
import PersonaKit
import RunFormat

extension AuditDataset {
    /// Reads a `spb-generate` run directory: `personas.jsonl` (the items, in generation order),
    /// `embeddings.f32` (reused when whole and made with this read's name masking), `events.jsonl` (attempts,
    /// components, reference source), `rejected.jsonl` (counted when events are absent) and `manifest.json`
    /// (the inputs, for the component weights; the bundled default set when the run had none). Every run file
    /// is read through RunFormat's types.
    /// - Throws: `InputError` for a missing `personas.jsonl` or malformed files, and for a damaged
    ///   `embeddings.f32` (naming the damage and the repair) unless `options.reembed`.
    static func readRunDirectory(_ directory: URL, options: ReadOptions) throws -> AuditDataset {
        let personasURL = directory.appendingPathComponent(RunFiles.personas)
        guard FileManager.default.fileExists(atPath: personasURL.path) else {
            throw InputError(file: directory.relativePath, line: nil, field: nil, message: "a run directory needs \(RunFiles.personas)")
        }
        var dataset = try readFile(personasURL, format: .personaJSONL, options: options)
        dataset.source = directory.relativePath
        dataset.format = "spb-generate run directory"

        let manifest = try RunManifest<RunSettings>.readIfPresent(directory: directory)
        try dataset.readStoredEmbeddings(of: directory, manifest: manifest, options: options)
        let components = try componentsFile(manifest: manifest, directory: directory)

        // Events: one line per attempt.
        let position = Dictionary(dataset.ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var accepted = [Int?](repeating: nil, count: dataset.count)
        var sampled = [SampledComponents?](repeating: nil, count: dataset.count)
        var rejected = [Int](), resets = Set<Int>()
        var rejectedCount = 0
        var bans = [SteeringLog.Ban](), lastAttempt = 0, waived = 0
        var namedTo = [String: Int](), copiedBy = [String: Int](), unnamedAt = [String: Int]()
        let eventsURL = directory.appendingPathComponent(RunFiles.events)
        if FileManager.default.fileExists(atPath: eventsURL.path) {
            try RunRecordCoding.forEach(AttemptEvent.self, in: eventsURL) { _, event in
                let attempt = event.attempt
                lastAttempt = max(lastAttempt, attempt)
                if event.referenceSource == .seeds { resets.insert(attempt) }
                for template in event.steering?.banned ?? [] { bans.append(SteeringLog.Ban(attempt: attempt, template: template)) }
                if event.steering?.waived != nil { waived += 1 }
                if let copied = event.steering?.copied, let named = event.steering?.avoid {
                    for template in named { namedTo[template, default: 0] += 1 }
                    for template in copied { copiedBy[template, default: 0] += 1 }
                }
                for template in event.steering?.unnamed ?? [] { unnamedAt[template] = attempt }
                switch event.decision {
                case AttemptEvent.accepted:
                    if let id = event.id, let index = position[id] {
                        accepted[index] = attempt
                        sampled[index] = event.components.map(SampledComponents.init(blueprint:))
                    }
                case AttemptEvent.cancelled, AttemptEvent.surplus:
                    break
                default:
                    rejected.append(attempt)
                    rejectedCount += 1
                }
            }
        } else {
            let rejectedURL = directory.appendingPathComponent(RunFiles.rejected)
            if FileManager.default.fileExists(atPath: rejectedURL.path) {
                try RunRecordCoding.forEach(RejectedCandidate.self, in: rejectedURL) { _, record in
                    rejectedCount += 1
                    rejected.append(record.attempt)
                }
            }
        }
        for index in bans.indices {
            let template = bans[index].template
            (bans[index].namedTo, bans[index].copiedBy, bans[index].unnamedAt) = (namedTo[template, default: 0], copiedBy[template, default: 0], unnamedAt[template])
        }
        dataset.run = RunLog(acceptedAttempts: accepted, rejectedAttempts: rejected.sorted(), rejectedCount: rejectedCount,
                             resetAttempts: resets, sampled: sampled, components: components,
                             steering: try steeringLog(manifest: manifest, directory: directory, bans: bans, lastAttempt: lastAttempt, waived: waived))
        if let prompt = manifest?.prompt { dataset.run?.promptTemplates = [prompt.system, prompt.user] }
        return dataset
    }

    /// Takes the run's `embeddings.f32` as ``storedEmbeddings`` when it is whole (one row per record of
    /// `personas.jsonl`, the manifest's dimension) and was made with this read's name masking; otherwise
    /// says in ``storedEmbeddingsNote`` why the texts are embedded instead. A run without the file is embedded
    /// without a note.
    /// - Throws: `InputError` for a damaged file (``EmbeddingDamage``) unless `options.reembed`, and for an unreadable one.
    private mutating func readStoredEmbeddings(of directory: URL, manifest: RunManifest<RunSettings>?, options: ReadOptions) throws {
        let stored: StoredRows
        do {
            guard let opened = try EmbeddingFile.open(directory.appendingPathComponent(RunFiles.embeddings)) else { return }
            try opened.check(rows: count + skippedRecords, dimension: manifest?.embeddingDimension)
            stored = opened
        } catch let damage as EmbeddingDamage {
            guard options.reembed else {
                let instead = options.offersReembed ? "pass --reembed to embed every text from scratch"
                    : "move \(RunFiles.embeddings) aside to embed every text from scratch"
                throw damage.inputError(runDirectory: directory, instead: instead)
            }
            storedEmbeddingsNote = "This run's \(RunFiles.embeddings) \(damage): the texts were embedded from scratch, as --reembed asked "
                + "(spb-generate --resume --out \(directory.relativePath) repairs the file)."
            return
        }
        // A run's manifest without name_masking predates it (names kept); without a manifest nothing is known.
        let masking = manifest.map { $0.config.nameMasking ?? PersonaTextTemplate.noNameMasking }
        if options.reembed {
            storedEmbeddingsNote = "This run's \(RunFiles.embeddings) was left unread: the texts were embedded from scratch, as --reembed asked."
        } else if skippedRecords > 0 {
            storedEmbeddingsNote = "This run's \(RunFiles.embeddings) has a row for each of the \(count + skippedRecords) records of \(RunFiles.personas), "
                + "\(skippedRecords) of which were skipped as invalid: the texts were embedded again."
        } else if masking == nil || masking == options.template.nameMasking {
            storedEmbeddings = try stored.read(0 ..< stored.rows)
            storedEmbeddingsSource = "stored embeddings: the run directory's \(RunFiles.embeddings)"
        } else {
            storedEmbeddingsNote = masking == PersonaTextTemplate.noNameMasking
                ? "This run's embeddings.f32 was made with the personas' names in their texts (the run predates name masking, or used --keep-names): "
                    + "the texts were embedded again name-blind. Give --keep-names to reuse the stored embeddings instead."
                : "This run's embeddings.f32 was made name-blind (\(masking ?? "")) and --keep-names was given: the texts were embedded again with names."
        }
    }

    /// The steering log of a run whose manifest has steering parts on (nil otherwise): the settings,
    /// the `bans` and `waived` count read from the events, and the steering rejections of `rejected.jsonl`.
    private static func steeringLog(manifest: RunManifest<RunSettings>?, directory: URL, bans: [SteeringLog.Ban], lastAttempt: Int,
                                    waived: Int) throws -> SteeringLog? {
        guard let settings = manifest?.config.steering, !settings.parts.isEmpty else { return nil }
        var rejects = [SteeringLog.Reject]()
        let rejectedURL = directory.appendingPathComponent(RunFiles.rejected)
        if FileManager.default.fileExists(atPath: rejectedURL.path) {
            try RunRecordCoding.forEach(RejectedCandidate.self, in: rejectedURL) { _, record in
                guard SteeringLog.reasons.contains(record.reason.rawValue) else { return }
                rejects.append(SteeringLog.Reject(attempt: record.attempt, reason: record.reason.rawValue, gain: record.crowdingGain, detail: record.detail,
                                                  persona: record.candidate.flatMap { try? Persona(json: $0) }, selectionCause: record.selection?.cause))
            }
        }
        return SteeringLog(settings: try settingsText(settings), encoderIdentifier: manifest?.encoderIdentifier, bans: bans,
                           rejects: rejects.sorted { $0.attempt < $1.attempt }, lastAttempt: lastAttempt, waived: waived)
    }

    /// Steering's settings as the report prints them: `key value` pairs in key order, values as JSON.
    private static func settingsText(_ settings: SteeringSettings) throws -> String {
        guard case let .object(fields) = try JSONValue.parse(RunRecordCoding.line(settings)) else { return "" }
        return fields.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.jsonText)" }.joined(separator: ", ")
    }

    /// The components a run sampled from, by its manifest: a `--components` override, else the
    /// inputs directory's file, else (no `--inputs`) the bundled default set; nil without a manifest.
    private static func componentsFile(manifest: RunManifest<RunSettings>?, directory: URL) throws -> ComponentsFile? {
        guard let settings = manifest?.config else { return nil }
        if let override = settings.inputOverrides?["persona_components.json"] {
            return try ComponentsFile(contentsOf: URL(fileURLWithPath: override))
        }
        guard let inputs = settings.inputs else {
            // spb-generate without --inputs sampled from the bundled default set (the fit section
            // is left out if this build lacks the resource).
            return try? ComponentsFile.bundledDefault()
        }
        // A relative inputs path was given from where spb-generate ran: try the current directory, then the run directory.
        let candidates = [URL(fileURLWithPath: inputs), URL(fileURLWithPath: inputs, relativeTo: directory)]
            .map { $0.appendingPathComponent("persona_components.json") }
        return try candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }).map(ComponentsFile.init(contentsOf:))
    }
}

extension SampledComponents {
    /// What an attempt's blueprint (an event's `components`) sampled.
    init(blueprint: PersonaBlueprint) {
        self.init(profession: blueprint.profession, lifeContext: blueprint.lifeContext, traits: blueprint.traits, quirks: [blueprint.chattingQuirk])
    }
}
