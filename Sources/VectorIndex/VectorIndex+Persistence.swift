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
    static func fnv1a64(_ bytes: UnsafeRawBufferPointer, hash: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var hash = hash
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
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
        let header = IndexFileFormat.headerSize
        var data = Data(count: header + matrix.storage.count * 4)
        data.withUnsafeMutableBytes { bytes in
            for (index, value) in matrix.storage.enumerated() {
                bytes.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: header + index * 4, as: UInt32.self)
            }
            let checksum = IndexFileFormat.fnv1a64(UnsafeRawBufferPointer(rebasing: bytes[header...]))
            for (offset, byte) in IndexFileFormat.magic.enumerated() { bytes[offset] = byte }
            bytes.storeBytes(of: IndexFileFormat.version.littleEndian, toByteOffset: 8, as: UInt32.self)
            bytes.storeBytes(of: UInt32(dimension).littleEndian, toByteOffset: 12, as: UInt32.self)
            bytes.storeBytes(of: UInt64(matrix.rows).littleEndian, toByteOffset: 16, as: UInt64.self)
            bytes.storeBytes(of: checksum.littleEndian, toByteOffset: 24, as: UInt64.self)
        }
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
        let matrix = try data.withUnsafeBytes { bytes throws(IndexError) in try decode(bytes, path: url.path) }
        let index = VectorIndex(dimension: matrix.columns)
        index.storage.withLock { $0 = matrix }
        return index
    }

    /// The rows stored in the file image `bytes`, every header field and row checked.
    private static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws(IndexError) -> Matrix {
        let header = IndexFileFormat.headerSize
        guard bytes.count >= header else {
            throw .truncated(path, "file is \(bytes.count) bytes, shorter than the \(header)-byte header")
        }
        guard Array(bytes[0 ..< 8]) == IndexFileFormat.magic else {
            throw .unsupported(path, "not a PersonaBank vector index (magic is not PBVINDEX)")
        }
        let version = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard version == IndexFileFormat.version else {
            throw .unsupported(path, "format version \(version) is not supported (expected \(IndexFileFormat.version))")
        }
        let dimension = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
        let count = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        let storedChecksum = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
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
        let checksum = IndexFileFormat.fnv1a64(UnsafeRawBufferPointer(rebasing: bytes[header...]))
        guard checksum == storedChecksum else {
            throw .corrupted(path, "checksum mismatch (stored \(hex(storedChecksum)), computed \(hex(checksum)))")
        }
        let rows = Int(count), elements = Int(count) * dimension
        let values = [Float](unsafeUninitializedCapacity: elements) { buffer, initialized in
            for index in 0 ..< elements {
                let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: header + index * 4, as: UInt32.self))
                buffer[index] = Float(bitPattern: bits)
            }
            initialized = elements
        }
        let matrix = Matrix(rows: rows, columns: dimension, storage: values)
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
