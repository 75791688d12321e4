import Foundation
import LinearAlgebra

/// The on-disk index format, version 1 (all integers and floats little-endian):
///
/// | offset | size | field                                                   |
/// |-------:|-----:|---------------------------------------------------------|
/// |      0 |    8 | magic `PBVINDEX` (ASCII)                                |
/// |      8 |    4 | format version (`UInt32`, 1)                            |
/// |     12 |    4 | dimension (`UInt32`, >= 1)                              |
/// |     16 |    8 | count (`UInt64`)                                        |
/// |     24 |    8 | FNV-1a 64 checksum of the payload bytes (`UInt64`)      |
/// |     32 |  4·n | payload: `count × dimension` `Float32`, row-major       |
enum IndexFileFormat {
    static let magic = Array("PBVINDEX".utf8)
    static let version: UInt32 = 1
    static let headerSize = 32

    /// FNV-1a 64 over `bytes`, continuing from `hash`.
    /// - Complexity: O(bytes.count).
    static func fnv1a64<Bytes: Sequence<UInt8>>(_ bytes: Bytes, hash: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var hash = hash
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// `value`'s eight bytes, little-endian.
    static func littleEndianBytes(_ value: UInt64) -> Data {
        Float32Bytes.encode(UInt32(truncatingIfNeeded: value)) + Float32Bytes.encode(UInt32(truncatingIfNeeded: value >> 32))
    }

    /// The little-endian `UInt64` at `byteOffset` of `bytes`, nil when fewer than eight bytes follow.
    static func littleEndianUInt64(_ bytes: Data, at byteOffset: Int) -> UInt64? {
        guard let low = Float32Bytes.word(bytes, at: byteOffset), let high = Float32Bytes.word(bytes, at: byteOffset + 4) else { return nil }
        return UInt64(high) << 32 | UInt64(low)
    }
}

extension VectorIndex {
    /// Writes the stored vectors to `url` in the versioned binary format (replacing the file
    /// atomically).
    ///
    /// The format: magic `PBVINDEX`, format version, dimension, count, an FNV-1a 64 checksum of
    /// the payload, then the normalised rows as little-endian `Float32`.
    /// - Throws: ``IndexError`` (`.io`) naming the file when it cannot be written.
    /// - Complexity: O(count · dimension).
    public func write(to url: URL) throws {
        let matrix = snapshot()
        let payload = Float32Bytes.encode(matrix.storage)
        var data = Data(capacity: IndexFileFormat.headerSize + payload.count)
        data.append(contentsOf: IndexFileFormat.magic)
        data.append(Float32Bytes.encode(IndexFileFormat.version))
        data.append(Float32Bytes.encode(UInt32(dimension)))
        data.append(IndexFileFormat.littleEndianBytes(UInt64(matrix.rows)))
        data.append(IndexFileFormat.littleEndianBytes(IndexFileFormat.fnv1a64(payload)))
        data.append(payload)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw IndexError.io(url.path, "cannot write the index: \(error.localizedDescription)")
        }
    }

    /// Reads an index written by ``write(to:)``.
    ///
    /// Every field is checked before use, so a damaged file throws instead of trapping.
    /// - Throws: ``IndexError`` naming the file: `.io` (unreadable), `.unsupportedFormat`
    ///   (wrong magic or version), `.truncatedFile` (shorter than its header says),
    ///   `.corruptedFile` (bad header field, trailing bytes, checksum mismatch, or a row that
    ///   is not a finite unit vector).
    /// - Complexity: O(count · dimension).
    public static func read(from url: URL) throws -> VectorIndex {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw IndexError.io(url.path, "cannot read the index: \(error.localizedDescription)")
        }
        let matrix = try decode(data, path: url.path)
        let index = VectorIndex(dimension: matrix.columns)
        index.storage.withLock { $0 = matrix }
        return index
    }

    /// The rows stored in the file image `bytes`, every header field and row checked.
    private static func decode(_ bytes: Data, path: String) throws(IndexError) -> Matrix {
        let header = IndexFileFormat.headerSize
        guard bytes.count >= header else {
            throw .truncated(path, "file is \(bytes.count) bytes, shorter than the \(header)-byte header")
        }
        guard Array(bytes.prefix(8)) == IndexFileFormat.magic else {
            throw .unsupported(path, "not a PersonaBank vector index (magic is not PBVINDEX)")
        }
        // The header is 32 bytes long (checked above), so every field is there.
        let version = Float32Bytes.word(bytes, at: 8) ?? 0
        guard version == IndexFileFormat.version else {
            throw .unsupported(path, "format version \(version) is not supported (expected \(IndexFileFormat.version))")
        }
        let dimension = Int(Float32Bytes.word(bytes, at: 12) ?? 0)
        let count = IndexFileFormat.littleEndianUInt64(bytes, at: 16) ?? 0
        let storedChecksum = IndexFileFormat.littleEndianUInt64(bytes, at: 24) ?? 0
        guard dimension > 0 else { throw .corrupted(path, "header field dimension is 0") }
        let available = UInt64(bytes.count - header)
        let (payloadBytes, overflow) = count.multipliedReportingOverflow(by: UInt64(dimension) * 4)
        guard !overflow, payloadBytes <= available else {
            throw .truncated(path, "header says \(count) vectors of dimension \(dimension), "
                + "but only \(available) payload bytes follow")
        }
        guard payloadBytes == available else {
            throw .corrupted(path, "\(available - payloadBytes) unexpected bytes after the payload")
        }
        let checksum = IndexFileFormat.fnv1a64(bytes.dropFirst(header))
        guard checksum == storedChecksum else {
            throw .corrupted(path, "checksum mismatch (stored \(hex(storedChecksum)), computed \(hex(checksum)))")
        }
        let rows = Int(count), elements = Int(count) * dimension
        let matrix = Matrix(rows: rows, columns: dimension, storage: Float32Bytes.decode(bytes, byteOffset: header, count: elements))
        for row in 0 ..< rows where !isUnitRow(matrix, row: row) {
            throw .corrupted(path, "row \(row) is not a finite unit-length vector")
        }
        return matrix
    }

    private static func isUnitRow(_ matrix: Matrix, row: Int) -> Bool {
        var sumOfSquares: Double = 0
        for column in 0 ..< matrix.columns {
            let value = matrix.storage[row * matrix.columns + column]
            guard value.isFinite else { return false }
            sumOfSquares += Double(value) * Double(value)
        }
        return abs(sumOfSquares - 1) < 1e-3
    }
}

private func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
}
