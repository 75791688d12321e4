import Foundation
import LinearAlgebra
import PersonaKit

/// `embeddings.f32`: the accepted personas' embeddings, row i for line i of `personas.jsonl` (also the
/// format of `fields.f32` and of the avoid sets' cached rows).
///
/// Layout (little-endian, through `Float32Bytes`): a 16-byte header — magic `SPBE`, UInt32 format
/// version (1), UInt32 dimension, UInt32 reserved (0) — then rows of `dimension` Float32 values. The row
/// count is implied by the file size, so appending a row needs no header rewrite. A writer stopped
/// mid-row leaves a partial trailing row: ``StoredRows/check(rows:dimension:)`` reports it, and
/// `spb-generate --resume` cuts it off.
public enum EmbeddingFile {
    /// The first four bytes of every such file.
    public static let magic: [UInt8] = Array("SPBE".utf8)
    /// The format version written and read.
    public static let version: UInt32 = 1
    /// Bytes before the first row.
    public static let headerSize = 16
    /// The largest dimension a header may name (a larger one is a damaged header).
    public static let maxDimension = 1 << 16

    /// The header bytes for rows of `dimension` values.
    public static func header(dimension: Int) -> Data {
        var data = Data(magic)
        for value in [version, UInt32(dimension), 0] { data.append(Float32Bytes.encode(value)) }
        return data
    }

    /// One row as little-endian bytes (what is appended to the file per persona).
    public static func rowBytes(_ row: [Float]) -> Data {
        Float32Bytes.encode(row)
    }

    /// Opens the file at `url` for reading: checks its header and counts its rows (no row is read).
    /// - Returns: nil when the file is absent.
    /// - Throws: ``EmbeddingDamage`` for a bad header, version or dimension; `InputError` when it cannot be read.
    public static func open(_ url: URL) throws -> StoredRows? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let header = try StoredRows.bytes(of: url, offset: 0, count: headerSize)
        guard header.count == headerSize, Array(header.prefix(4)) == magic else { throw EmbeddingDamage.badHeader(url) }
        let format = Float32Bytes.word(header, at: 4) ?? 0
        guard format == version else { throw EmbeddingDamage.unsupportedVersion(url, format) }
        let dimension = Int(Float32Bytes.word(header, at: 8) ?? 0)
        guard dimension > 0, dimension <= maxDimension else { throw EmbeddingDamage.implausibleDimension(url, dimension) }
        let size: Int
        do { size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0 } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "cannot read (\(error.localizedDescription))")
        }
        let rowBytes = dimension * 4
        return StoredRows(url: url, dimension: dimension, rows: (size - headerSize) / rowBytes, trailingBytes: (size - headerSize) % rowBytes)
    }

    /// Reads every whole row (a partial trailing row is left out: ``StoredRows/check(rows:dimension:)`` reports it).
    /// - Returns: the rows, or nil when the file is absent.
    /// - Throws: ``EmbeddingDamage`` for a bad header; `InputError` for a non-finite value or a read failure.
    public static func read(_ url: URL) throws -> Matrix? {
        guard let stored = try open(url) else { return nil }
        return try stored.read(0 ..< stored.rows)
    }

    /// Replaces the file with a header and `rows` (written to a temporary file, then renamed).
    /// - Throws: ``RunFileError`` when the file cannot be written.
    public static func write(_ rows: Matrix, to url: URL) throws {
        var data = header(dimension: rows.columns)
        data.append(rowBytes(rows.storage))
        do { try data.write(to: url, options: .atomic) } catch {
            throw RunFileError("\(url.path): cannot write (\(error.localizedDescription))")
        }
    }
}

/// A file in ``EmbeddingFile``'s format, opened: its header checked and its rows counted; rows are read on demand.
public struct StoredRows: Sendable {
    /// The file.
    public let url: URL
    /// Values per row, from the header.
    public let dimension: Int
    /// Whole rows in the file.
    public let rows: Int
    /// Bytes after the last whole row: the start of a row a stopped writer never finished (0 when none).
    public let trailingBytes: Int

    /// Checks that the file holds exactly `expected` whole rows of `dimension` values (one per line of
    /// `personas.jsonl`, with the dimension the run's manifest records).
    /// - Parameters:
    ///   - expected: the rows a whole file holds.
    ///   - dimension: the dimension the file must have; nil accepts any.
    /// - Throws: ``EmbeddingDamage`` naming what is wrong: another dimension, a partial trailing row, or too few or too many rows.
    public func check(rows expected: Int, dimension: Int? = nil) throws(EmbeddingDamage) {
        if let dimension, dimension != self.dimension { throw .otherDimension(url, dimension: self.dimension, expected: dimension) }
        if trailingBytes != 0 { throw .partialRow(url, bytes: trailingBytes, rowBytes: self.dimension * 4, rows: rows) }
        if rows != expected { throw .rowCount(url, rows: rows, expected: expected) }
    }

    /// Rows `range` as a matrix, read from their place in the file (nothing else is loaded).
    /// - Throws: `InputError` naming the row of a non-finite value, or a file shorter than the range.
    /// - Complexity: O(range · dimension).
    public func read(_ range: Range<Int>) throws -> Matrix {
        let count = range.count * dimension
        let bytes = try Self.bytes(of: url, offset: EmbeddingFile.headerSize + range.lowerBound * dimension * 4, count: count * 4)
        guard bytes.count == count * 4 else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "ends before row \(range.upperBound)")
        }
        let values = Float32Bytes.decode(bytes, count: count)
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw InputError(file: url.relativePath, line: nil, field: "row \(range.lowerBound + bad / dimension)", message: "non-finite value")
        }
        return Matrix(rows: range.count, columns: dimension, storage: values)
    }

    /// Up to `count` bytes of the file at `url` from `offset`.
    static func bytes(of url: URL, offset: Int, count: Int) throws -> Data {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(offset))
            return try handle.read(upToCount: count) ?? Data()
        } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "cannot read (\(error.localizedDescription))")
        }
    }
}
