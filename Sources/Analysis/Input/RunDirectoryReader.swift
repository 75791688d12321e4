import Foundation
import LinearAlgebra
import PersonaKit

extension AuditDataset {
    /// Reads a `spb-generate` run directory: `personas.jsonl` (the items, in generation order),
    /// `embeddings.f32` (reused when its rows match), `events.jsonl` (attempts, components,
    /// reference source), `rejected.jsonl` (counted when events are absent) and `manifest.json`
    /// (the inputs directory, for the component weights; the bundled default set when the run had none).
    /// - Throws: `InputError` for a missing `personas.jsonl` or malformed files.
    static func readRunDirectory(_ directory: URL, options: ReadOptions) throws -> AuditDataset {
        let personasURL = directory.appendingPathComponent("personas.jsonl")
        guard FileManager.default.fileExists(atPath: personasURL.path) else {
            throw InputError(file: directory.relativePath, line: nil, field: nil, message: "a run directory needs personas.jsonl")
        }
        var dataset = try readFile(personasURL, format: .personaJSONL, options: options)
        dataset.source = directory.relativePath
        dataset.format = "spb-generate run directory"

        let manifest = try RunFiles.readJSON(directory.appendingPathComponent("manifest.json"))
        // A run's manifest without name_masking predates it (names kept); without a manifest nothing is known.
        var masking: String? = manifest.map { _ in PersonaTextTemplate.noNameMasking }
        if case let .string(rule)? = manifest?["config"]?["name_masking"] { masking = rule }
        let embeddingsURL = directory.appendingPathComponent("embeddings.f32")
        if FileManager.default.fileExists(atPath: embeddingsURL.path) {
            let stored = try RunFiles.readEmbeddings(embeddingsURL)
            if stored.rows == dataset.count {
                if masking == nil || masking == options.template.nameMasking {
                    dataset.storedEmbeddings = stored
                    dataset.storedEmbeddingsSource = "stored embeddings: the run directory's embeddings.f32"
                } else {
                    dataset.storedEmbeddingsNote = masking == PersonaTextTemplate.noNameMasking
                        ? "This run's embeddings.f32 was made with the personas' names in their texts (the run predates name masking, or used --keep-names): "
                            + "the texts were embedded again name-blind. Give --keep-names to reuse the stored embeddings instead."
                        : "This run's embeddings.f32 was made name-blind (\(masking ?? "")) and --keep-names was given: the texts were embedded again with names."
                }
            }
        }
        let components = try RunFiles.componentsFile(manifest: manifest, directory: directory)

        // Events: one line per attempt.
        let position = Dictionary(dataset.ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var accepted = [Int?](repeating: nil, count: dataset.count)
        var sampled = [SampledComponents?](repeating: nil, count: dataset.count)
        var rejected = [Int](), resets = Set<Int>()
        var rejectedCount = 0
        var bans = [SteeringLog.Ban](), lastAttempt = 0, waived = 0
        var namedTo = [String: Int](), copiedBy = [String: Int](), unnamedAt = [String: Int]()
        let eventsURL = directory.appendingPathComponent("events.jsonl")
        let hasEvents = FileManager.default.fileExists(atPath: eventsURL.path)
        if hasEvents {
            try LineReader.forEachJSONObject(in: eventsURL) { line, event in
                guard case let .number(number)? = event["attempt"], number.rounded() == number else {
                    throw InputError(file: eventsURL.relativePath, line: line, field: "attempt", message: "expected a whole number")
                }
                let attempt = Int(number)
                lastAttempt = max(lastAttempt, attempt)
                if case .string("seeds")? = event["reference_source"] { resets.insert(attempt) }
                for template in event["steering"]?["banned"]?.strings ?? [] { bans.append(SteeringLog.Ban(attempt: attempt, template: template)) }
                if case .array? = event["steering"]?["waived"] { waived += 1 }
                if let copied = event["steering"]?["copied"]?.strings, let named = event["steering"]?["avoid"]?.strings {
                    for template in named { namedTo[template, default: 0] += 1 }
                    for template in copied { copiedBy[template, default: 0] += 1 }
                }
                for template in event["steering"]?["unnamed"]?.strings ?? [] { unnamedAt[template] = attempt }
                guard case let .string(decision)? = event["decision"] else { return }
                switch decision {
                case "accepted":
                    if case let .string(id)? = event["id"], let index = position[id] {
                        accepted[index] = attempt
                        sampled[index] = event["components"].map(RunFiles.sampledComponents)
                    }
                case "cancelled", "surplus":
                    break
                default:
                    rejected.append(attempt)
                    rejectedCount += 1
                }
            }
        } else {
            let rejectedURL = directory.appendingPathComponent("rejected.jsonl")
            if FileManager.default.fileExists(atPath: rejectedURL.path) {
                try LineReader.forEachJSONObject(in: rejectedURL) { _, record in
                    rejectedCount += 1
                    if case let .number(number)? = record["attempt"] { rejected.append(Int(number)) }
                }
            }
        }
        for index in bans.indices {
            let template = bans[index].template
            (bans[index].namedTo, bans[index].copiedBy, bans[index].unnamedAt) = (namedTo[template, default: 0], copiedBy[template, default: 0], unnamedAt[template])
        }
        dataset.run = RunLog(acceptedAttempts: accepted, rejectedAttempts: rejected.sorted(), rejectedCount: rejectedCount,
                             resetAttempts: resets, sampled: sampled, components: components,
                             steering: try RunFiles.steeringLog(manifest: manifest, directory: directory, bans: bans, lastAttempt: lastAttempt,
                                                                waived: waived))
        if case let .string(system)? = manifest?["prompt"]?["system"], case let .string(user)? = manifest?["prompt"]?["user"] {
            dataset.run?.promptTemplates = [system, user]
        }
        return dataset
    }
}

/// Readers for the files of a run directory (formats from the Generation module).
enum RunFiles {
    /// `embeddings.f32`: magic `SPBE`, UInt32 version 1, UInt32 dimension, UInt32 reserved (all
    /// little-endian), then float32 rows; a partial trailing row is ignored.
    static func readEmbeddings(_ url: URL) throws -> Matrix {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "cannot read (\(error.localizedDescription))")
        }
        let bytes = [UInt8](data)
        func word(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        guard bytes.count >= 16, Array(bytes[0 ..< 4]) == Array("SPBE".utf8) else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "not an embeddings file (bad header)")
        }
        guard word(4) == 1 else { throw InputError(file: url.relativePath, line: nil, field: "version", message: "unsupported version \(word(4))") }
        let dimension = Int(word(8))
        guard dimension > 0, dimension <= 1 << 16 else {
            throw InputError(file: url.relativePath, line: nil, field: "dimension", message: "implausible dimension \(dimension)")
        }
        let rows = (bytes.count - 16) / (dimension * 4)
        var storage = [Float](repeating: 0, count: rows * dimension)
        for index in storage.indices { storage[index] = Float(bitPattern: word(16 + index * 4)) }
        for (index, value) in storage.enumerated() where !value.isFinite {
            throw InputError(file: url.relativePath, line: nil, field: "row \(index / dimension)", message: "non-finite value")
        }
        return Matrix(rows: rows, columns: dimension, storage: storage)
    }

    /// A JSON file, or nil when absent.
    static func readJSON(_ url: URL) throws -> JSONValue? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do { return try JSONValue.parse(Array(try Data(contentsOf: url))) } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "not valid JSON (\(error))")
        }
    }

    /// The steering log of a run whose manifest has steering parts on (nil otherwise): the settings,
    /// the `bans` and `waived` count read from the events, and the steering rejections of `rejected.jsonl`.
    static func steeringLog(manifest: JSONValue?, directory: URL, bans: [SteeringLog.Ban], lastAttempt: Int, waived: Int) throws -> SteeringLog? {
        guard case let .object(settings)? = manifest?["config"]?["steering"], case let .array(parts)? = settings["parts"], !parts.isEmpty else {
            return nil
        }
        var rejects = [SteeringLog.Reject]()
        let rejectedURL = directory.appendingPathComponent("rejected.jsonl")
        if FileManager.default.fileExists(atPath: rejectedURL.path) {
            try LineReader.forEachJSONObject(in: rejectedURL) { _, record in
                guard case let .string(reason)? = record["reason"], SteeringLog.reasons.contains(reason),
                      case let .number(attempt)? = record["attempt"] else { return }
                var gain: Double?
                if case let .number(value)? = record["crowding_gain"] { gain = value }
                var detail: String?
                if case let .string(text)? = record["detail"] { detail = text }
                var cause: String?
                if case let .string(text)? = record["selection"]?["cause"] { cause = text }
                rejects.append(SteeringLog.Reject(attempt: Int(attempt), reason: reason, gain: gain, detail: detail,
                                                  persona: record["candidate"].flatMap { try? Persona(json: $0) }, selectionCause: cause))
            }
        }
        var encoder: String?
        if case let .string(identifier)? = manifest?["encoder_identifier"] { encoder = identifier }
        let text = settings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.jsonText)" }.joined(separator: ", ")
        return SteeringLog(settings: text, encoderIdentifier: encoder, bans: bans, rejects: rejects.sorted { $0.attempt < $1.attempt },
                           lastAttempt: lastAttempt, waived: waived)
    }

    /// An event's `components` object (`profession`, `life_context`, `traits`, `chatting_quirk`).
    static func sampledComponents(_ value: JSONValue) -> SampledComponents {
        func string(_ key: String) -> String? { if case let .string(text)? = value[key] { text } else { nil } }
        return SampledComponents(profession: string("profession"), lifeContext: string("life_context"), traits: value["traits"]?.strings ?? [],
                                 quirks: string("chatting_quirk").map { [$0] } ?? [])
    }

    /// The components a run sampled from, by its manifest: a `--components` override, else the
    /// inputs directory's file, else (no `--inputs`) the bundled default set; nil when unknown.
    static func componentsFile(manifest: JSONValue?, directory: URL) throws -> ComponentsFile? {
        let config = manifest?["config"]
        if case let .string(override)? = config?["input_overrides"]?["persona_components.json"] {
            return try ComponentsFile(contentsOf: URL(fileURLWithPath: override))
        }
        switch config.map({ $0["inputs"] ?? .null }) {
        case let .string(inputs)?:
            // A relative inputs path was given from where spb-generate ran: try the current directory, then the run directory.
            let candidates = [URL(fileURLWithPath: inputs), URL(fileURLWithPath: inputs, relativeTo: directory)]
                .map { $0.appendingPathComponent("persona_components.json") }
            return try candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }).map(ComponentsFile.init(contentsOf:))
        case .null?:
            // spb-generate without --inputs sampled from the bundled default set (the fit section
            // is left out if this build lacks the resource).
            return try? ComponentsFile.bundledDefault()
        default:
            return nil
        }
    }
}
