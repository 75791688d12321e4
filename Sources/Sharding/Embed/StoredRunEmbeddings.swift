import Foundation
import LinearAlgebra
import PersonaKit

/// A run directory's `embeddings.f32`, re-emitted as shards instead of re-embedding.
///
/// Used only when it is complete: one row per record of `personas.jsonl` (nothing skipped) and
/// the run's `manifest.json` names the encoder (`encoder_identifier`) and the same dimension as
/// the file's header. The layout is the generator's: magic `SPBE`, UInt32 version 1, UInt32
/// dimension, UInt32 reserved (little-endian), then float32 rows.
public struct StoredRunEmbeddings: Sendable {
    /// The `embeddings.f32` file.
    public let url: URL
    /// The encoder that wrote it, from the run's manifest (e.g. `minilm:all-MiniLM-L6-v2`).
    public let identifier: String
    /// Values per row.
    public let dimension: Int
    /// Whole rows in the file.
    public let rows: Int
    /// The name-masking rule the run embedded its texts with (its manifest's `config.name_masking`;
    /// `none` for runs made before masking existed, which kept names).
    public let nameMasking: String

    private static let headerSize = 16

    /// The stored embeddings of `directory`, or nil when the file or the manifest's encoder is absent
    /// or the two disagree on the dimension.
    /// - Throws: `InputError` for an unreadable file, a bad header or a manifest that is not JSON.
    public static func open(runDirectory directory: URL) throws -> StoredRunEmbeddings? {
        let url = directory.appendingPathComponent("embeddings.f32")
        let manifestURL = directory.appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: url.path), FileManager.default.fileExists(atPath: manifestURL.path) else { return nil }
        let manifest: JSONValue
        do { manifest = try JSONValue.parse(Array(try Data(contentsOf: manifestURL))) } catch {
            throw InputError(file: manifestURL.relativePath, line: nil, field: nil, message: "not valid JSON (\(error))")
        }
        guard case let .string(identifier)? = manifest["encoder_identifier"],
              case let .number(manifestDimension)? = manifest["embedding_dimension"] else { return nil }
        let header = try read(url, offset: 0, count: headerSize)
        guard header.count == headerSize, Array(header[0 ..< 4]) == Array("SPBE".utf8) else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "not an embeddings file (bad header)")
        }
        guard word(header, 4) == 1 else {
            throw InputError(file: url.relativePath, line: nil, field: "version", message: "unsupported version \(word(header, 4))")
        }
        let dimension = Int(word(header, 8))
        guard dimension > 0, dimension <= 1 << 16, Double(dimension) == manifestDimension else { return nil }
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber
        let rows = ((size?.intValue ?? 0) - headerSize) / (dimension * 4)
        var masking = PersonaTextTemplate.noNameMasking
        if case let .string(rule)? = manifest["config"]?["name_masking"] { masking = rule }
        return StoredRunEmbeddings(url: url, identifier: identifier, dimension: dimension, rows: rows, nameMasking: masking)
    }

    /// Rows `range` as a matrix, read from their place in the file (nothing else is loaded).
    /// - Throws: `InputError` for a short file or a non-finite value.
    /// - Complexity: O(range · dimension).
    public func rows(_ range: Range<Int>) throws -> Matrix {
        let bytes = try Self.read(url, offset: Self.headerSize + range.lowerBound * dimension * 4, count: range.count * dimension * 4)
        guard bytes.count == range.count * dimension * 4 else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "ends before row \(range.upperBound)")
        }
        var storage = [Float](repeating: 0, count: range.count * dimension)
        for index in storage.indices {
            let value = Float(bitPattern: Self.word(bytes, index * 4))
            guard value.isFinite else {
                throw InputError(file: url.relativePath, line: nil, field: "row \(range.lowerBound + index / dimension)", message: "non-finite value")
            }
            storage[index] = value
        }
        return Matrix(rows: range.count, columns: dimension, storage: storage)
    }

    private static func read(_ url: URL, offset: Int, count: Int) throws -> [UInt8] {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(offset))
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "cannot read (\(error.localizedDescription))")
        }
    }

    private static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
