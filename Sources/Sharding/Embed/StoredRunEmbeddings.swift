import Foundation
import LinearAlgebra
import PersonaKit
import RunFormat

/// A run directory's `embeddings.f32`, re-emitted as shards instead of re-embedding.
///
/// Read through RunFormat: the run's `manifest.json` names the encoder and the dimension, and the file
/// must hold one row of that dimension per record of `personas.jsonl`; a damaged file is reported, never
/// silently embedded again.
public struct StoredRunEmbeddings: Sendable {
    /// The encoder that wrote it, from the run's manifest (e.g. `minilm:all-MiniLM-L6-v2`).
    public let identifier: String
    /// The name-masking rule the run embedded its texts with (its manifest's `config.name_masking`;
    /// `none` for runs made before masking existed, which kept names).
    public let nameMasking: String
    /// The file, opened: one row per record.
    private let stored: StoredRows

    /// The stored embeddings of `directory`, or nil when it has no `embeddings.f32` or no manifest.
    /// - Parameter records: the records of its `personas.jsonl`, each of which needs a row.
    /// - Throws: `InputError` for a malformed manifest or an unreadable file, and for a damaged file
    ///   (``RunFormat/EmbeddingDamage``: another row count or dimension, a partial row, a bad header), naming the
    ///   damage and the repair (`spb-generate --resume`, or `--reembed`).
    public static func open(runDirectory directory: URL, records: Int) throws -> StoredRunEmbeddings? {
        guard let manifest = try RunManifest<RunSettings>.readIfPresent(directory: directory) else { return nil }
        do {
            guard let stored = try EmbeddingFile.open(directory.appendingPathComponent(RunFiles.embeddings)) else { return nil }
            try stored.check(rows: records, dimension: manifest.embeddingDimension)
            return StoredRunEmbeddings(identifier: manifest.encoderIdentifier,
                                       nameMasking: manifest.config.nameMasking ?? PersonaTextTemplate.noNameMasking, stored: stored)
        } catch let damage as EmbeddingDamage {
            throw damage.inputError(runDirectory: directory, instead: "pass --reembed to embed every text from scratch")
        }
    }

    /// Rows `range` as a matrix, read from their place in the file (nothing else is loaded).
    /// - Throws: `InputError` for a short file or a non-finite value.
    /// - Complexity: O(range · dimension).
    public func rows(_ range: Range<Int>) throws -> Matrix {
        try stored.read(range)
    }
}
