import Foundation
import LinearAlgebra

/// `embeddings.f32`: the accepted personas' embeddings, row i for line i of `personas.jsonl`.
///
/// Layout (little-endian): a 16-byte header — magic `SPBE`, UInt32 format version (1),
/// UInt32 dimension, UInt32 reserved (0) — then rows of `dimension` Float32 values.
/// The row count is implied by the file size, so appending a row needs no header rewrite;
/// a partial trailing row (a crash mid-write) is ignored and cut off on resume.
enum EmbeddingFile {
    static let magic: [UInt8] = Array("SPBE".utf8)
    static let version: UInt32 = 1
    static let headerSize = 16

    /// The header bytes for `dimension`.
    static func header(dimension: Int) -> Data {
        var data = Data(magic)
        for value in [version, UInt32(dimension), 0] { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// One row as little-endian bytes.
    static func rowBytes(_ row: [Float]) -> Data {
        var data = Data(capacity: row.count * 4)
        for value in row { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Reads all complete rows.
    /// - Returns: the rows, or nil when the file is absent.
    /// - Throws: ``GenerationError`` for a bad magic, version or dimension.
    static func read(_ url: URL) throws -> Matrix? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data = try GenerationInputs.readData(url)
        let bytes = [UInt8](data)
        guard bytes.count >= headerSize, Array(bytes[0 ..< 4]) == magic else {
            throw GenerationError.data(url.path, "not an embeddings file (bad header)")
        }
        func word(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        guard word(4) == version else { throw GenerationError.data(url.path, field: "version", "unsupported format version \(word(4))") }
        let dimension = Int(word(8))
        guard dimension > 0 else { throw GenerationError.data(url.path, field: "dimension", "dimension 0") }
        let rows = (bytes.count - headerSize) / (dimension * 4)
        var storage = [Float](repeating: 0, count: rows * dimension)
        for index in storage.indices { storage[index] = Float(bitPattern: word(headerSize + index * 4)) }
        return Matrix(rows: rows, columns: dimension, storage: storage)
    }

    /// Replaces the file with a header and `rows` (written to a temporary file, then renamed).
    static func write(_ rows: Matrix, to url: URL) throws {
        var data = header(dimension: rows.columns)
        data.append(rowBytes(rows.storage))
        do { try data.write(to: url, options: .atomic) } catch {
            throw GenerationError.fileSystem(url.path, "cannot write", error)
        }
    }
}
