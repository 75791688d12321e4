import Foundation
import PersonaKit

/// What is wrong with a file in ``EmbeddingFile``'s format: a bad header, another dimension, a partial
/// trailing row, or another number of rows than personas.
///
/// Readers never hide it: a run's damaged `embeddings.f32` stops a command (exit 65) with
/// ``inputError(runDirectory:instead:)``, which names the file, the damage and the repair, unless the user
/// asked to embed from scratch; only `spb-generate --resume`, which is the repair, rewrites it quietly.
public struct EmbeddingDamage: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case badHeader
        case unsupportedVersion(UInt32)
        case implausibleDimension(Int)
        case otherDimension(Int, expected: Int)
        case partialRow(bytes: Int, rowBytes: Int, rows: Int)
        case rowCount(Int, expected: Int)
    }

    private let kind: Kind
    /// The damaged file's path, as given.
    public let file: String

    private init(_ url: URL, _ kind: Kind) {
        file = url.relativePath
        self.kind = kind
    }

    /// The first bytes are not an embeddings header (too short, or another magic).
    static func badHeader(_ url: URL) -> EmbeddingDamage { EmbeddingDamage(url, .badHeader) }
    /// The header names a format version this reader does not know.
    static func unsupportedVersion(_ url: URL, _ version: UInt32) -> EmbeddingDamage { EmbeddingDamage(url, .unsupportedVersion(version)) }
    /// The header names a dimension of 0 or above ``EmbeddingFile/maxDimension``.
    static func implausibleDimension(_ url: URL, _ dimension: Int) -> EmbeddingDamage { EmbeddingDamage(url, .implausibleDimension(dimension)) }
    /// The header's dimension is not the one the run's manifest records.
    static func otherDimension(_ url: URL, dimension: Int, expected: Int) -> EmbeddingDamage {
        EmbeddingDamage(url, .otherDimension(dimension, expected: expected))
    }
    /// The file ends `bytes` into a row of `rowBytes` bytes, after `rows` whole rows.
    static func partialRow(_ url: URL, bytes: Int, rowBytes: Int, rows: Int) -> EmbeddingDamage {
        EmbeddingDamage(url, .partialRow(bytes: bytes, rowBytes: rowBytes, rows: rows))
    }
    /// The file holds `rows` whole rows where `expected` personas need one each.
    static func rowCount(_ url: URL, rows: Int, expected: Int) -> EmbeddingDamage { EmbeddingDamage(url, .rowCount(rows, expected: expected)) }

    /// The header field at fault (`version`, `dimension`), when the damage is in one.
    public var field: String? {
        switch kind {
        case .unsupportedVersion: "version"
        case .implausibleDimension, .otherDimension: "dimension"
        case .badHeader, .partialRow, .rowCount: nil
        }
    }

    /// What is wrong, e.g. `holds 3 rows for 50 personas in personas.jsonl`.
    public var description: String {
        switch kind {
        case .badHeader:
            "not an embeddings file (bad header)"
        case let .unsupportedVersion(version):
            "unsupported format version \(version)"
        case let .implausibleDimension(dimension):
            "implausible dimension \(dimension)"
        case let .otherDimension(dimension, expected):
            "holds rows of dimension \(dimension) where \(RunFiles.manifest) records \(expected)"
        case let .partialRow(bytes, rowBytes, rows):
            "ends with a partial row (\(bytes) of \(rowBytes) bytes) after \(rows) whole rows"
        case let .rowCount(rows, expected):
            "holds \(rows) \(rows == 1 ? "row" : "rows") for \(expected) \(expected == 1 ? "persona" : "personas") in \(RunFiles.personas)"
        }
    }

    /// The error a reader of the run in `runDirectory` stops with: the file, what is wrong, and how to repair it.
    /// - Parameter alternative: how to go on without the file, e.g. `pass --reembed to embed every text from scratch`.
    public func inputError(runDirectory: URL, instead alternative: String) -> InputError {
        InputError(file: file, line: nil, field: field,
                   message: "\(description): spb-generate --resume --out \(runDirectory.relativePath) repairs it, or \(alternative)")
    }
}
