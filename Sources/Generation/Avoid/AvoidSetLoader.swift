import Embedding
import FieldScoring
import Foundation
import LinearAlgebra
import PersonaKit

/// Puts a run's avoid sets (``AvoidSet``) into its gate: reads each file with PersonaKit's `DatasetReader`
/// (strict: the first bad record is an `InputError` naming the file, line and field), embeds its records
/// once with the run's encoder and text template, or takes them from ``AvoidCache``, and registers them
/// after the seed personas.
struct AvoidSetLoader {
    /// One record of an avoid file.
    private struct Record {
        var id: String
        /// Nil for a format of texts.
        var persona: Persona?
        /// What the gate embeds and compares: the template's rendering of the persona, or the text.
        var text: String
    }

    /// The run directory (its manifest is named in errors, its `avoid/` folder caches).
    let directory: URL
    /// The run's encoder.
    let encoder: any TextEncoder
    /// The run's persona text template (with its name masking).
    let template: PersonaTextTemplate
    /// Embeds texts with the encoder, checking the result's shape.
    let embed: ([String]) async throws -> Matrix
    /// The field profiles of personas, with the field-aware score; nil with the cosine.
    let profiles: (([Persona]) async throws -> [PersonaFieldProfile])?
    /// Receives a sentence whenever a set is embedded rather than read from the cache, and why.
    let notes: @Sendable (String) -> Void

    /// Records sent to the encoder at once.
    static let batchSize = 256

    /// Registers every record of `sets` in `gate`.
    ///
    /// - Parameters:
    ///   - sets: the run's sets: from `--avoid` (not read yet), or from the manifest on `--resume`, whose
    ///     recorded checksum the file must still have.
    ///   - gate: the run's gate, holding the seeds.
    /// - Returns: `sets` with each file's checksum, size and record count.
    /// - Throws: `InputError` for a bad record, an unreadable file, a duplicate identifier or a file
    ///   changed since the run recorded it; ``GenerationError`` when embedding or the cache fails.
    /// - Complexity: O(records) reads and registrations; one encoder call per ``batchSize`` records of a
    ///   set that is not cached.
    func load(_ sets: [AvoidSet], into gate: inout DedupGate) async throws -> [AvoidSet] {
        var loaded = [AvoidSet]()
        for (index, set) in sets.enumerated() {
            let format = try set.inputFormat(index: index, directory: directory)
            let (sha256, bytes) = try SHA256Digest.checksum(of: set.url)
            if let recorded = set.sha256, recorded != sha256 {
                throw InputError(file: set.path, line: nil, field: nil, message: "changed since this run started (sha256 \(recorded.prefix(12))… "
                    + "then, \(sha256.prefix(12))… now): the personas accepted so far were checked against its old contents; restore it, "
                    + "or start a new run (--force) to avoid what it holds now")
            }
            let records = try read(set, format: format)
            let wanted = AvoidCache.Entry(source: set.path, bytes: bytes, sha256: sha256, format: set.format, encoderIdentifier: encoder.identifier,
                                          embeddingDimension: encoder.dimension, textTemplate: template.source, nameMasking: template.nameMasking,
                                          rows: records.count, fields: profiles != nil)
            let (whole, fields) = try await rows(of: records, wanted: wanted)
            for (row, record) in records.enumerated() {
                var profile: PersonaFieldProfile?
                if let fields, let persona = record.persona {
                    profile = FieldRows.profile(of: template.nameBlind(persona), whole: whole.row(row), row: fields.row(row))
                }
                try gate.register(record.persona, text: record.text, embedding: whole.row(row), id: record.id, profile: profile)
            }
            var read = set
            (read.sha256, read.bytes, read.rows) = (sha256, bytes, records.count)
            loaded.append(read)
        }
        return loaded
    }

    /// Every record of `set`, each with its identifier (unique within the file).
    private func read(_ set: AvoidSet, format: InputFormat) throws -> [Record] {
        var records = [Record](), lines = [String: Int]()
        _ = try DatasetReader(url: set.url, format: format, mode: .strict, rules: nil, template: template).read { record in
            let id = set.identifier(line: record.line, persona: record.persona)
            if let first = lines.updateValue(record.line, forKey: id) {
                throw InputError(file: set.path, line: record.line, field: "id", message: "\(id) also names the record at line \(first); "
                    + "rejections name avoid records by id (or line, for a record without one), so each must be unique")
            }
            records.append(Record(id: id, persona: record.persona, text: record.text))
        }
        return records
    }

    /// The whole-text embeddings of `records` and, with the field-aware score, their ``FieldRows``: from
    /// the cache when it holds them as `wanted` says, else embedded (with a note saying why) and cached.
    private func rows(of records: [Record], wanted: AvoidCache.Entry) async throws -> (whole: Matrix, fields: Matrix?) {
        let cache = AvoidCache(directory: directory)
        let reason: String
        switch cache.lookup(wanted) {
        case let .hit(whole, fields): return (whole, fields)
        case let .miss(why): reason = why
        }
        notes("embedding avoid set \(wanted.source) (\(records.count) records) with \(encoder.identifier): \(reason)")
        var whole = Matrix(rows: 0, columns: encoder.dimension)
        var fields = profiles.map { _ in Matrix(rows: 0, columns: FieldRows.width(dimension: encoder.dimension)) }
        whole.reserveCapacity(rows: records.count)
        for start in stride(from: 0, to: records.count, by: Self.batchSize) {
            let batch = records[start ..< min(start + Self.batchSize, records.count)]
            if let profiles {
                let personas = batch.compactMap(\.persona)
                precondition(personas.count == batch.count, "AvoidSet.check refuses texts with the field-aware score")
                for profile in try await profiles(personas) {
                    whole.append(row: profile.vector(.whole))
                    fields?.append(row: FieldRows.row(of: profile))
                }
            } else {
                whole.append(rowsOf: try await embed(batch.map(\.text)))
            }
        }
        try cache.store(wanted, whole: whole, fields: fields)
        return (whole, fields)
    }
}
