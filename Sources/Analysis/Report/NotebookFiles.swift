import Foundation
import LinearAlgebra

/// Writers for files notebooks load with no glue: NPY v1.0 arrays and RFC 4180 CSV.
public enum NotebookFiles {
    /// An NPY v1.0 file holding `matrix` as little-endian float32 of shape (rows, columns), C order.
    ///
    /// Header: magic `\x93NUMPY`, version 1.0, a little-endian UInt16 header length, then the
    /// dictionary padded with spaces and ended by `\n` so data starts at a multiple of 64 bytes.
    /// - Complexity: O(rows · columns).
    public static func npy(_ matrix: Matrix) -> Data {
        var dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(matrix.rows), \(matrix.columns)), }"
        let unpadded = 10 + dictionary.utf8.count + 1
        dictionary += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(dictionary.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(dictionary.utf8))
        data.reserveCapacity(data.count + matrix.storage.count * 4)
        matrix.withUnsafeBufferPointer { values in
            var bytes = [UInt8](repeating: 0, count: values.count * 4)
            for (index, value) in values.enumerated() {
                let bits = value.bitPattern.littleEndian
                bytes[index * 4] = UInt8(truncatingIfNeeded: bits)
                bytes[index * 4 + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                bytes[index * 4 + 2] = UInt8(truncatingIfNeeded: bits >> 16)
                bytes[index * 4 + 3] = UInt8(truncatingIfNeeded: bits >> 24)
            }
            data.append(contentsOf: bytes)
        }
        return data
    }

    /// One CSV field: quoted (with doubled quotes) when it holds a comma, quote, CR or LF, or
    /// starts or ends with a space.
    public static func csvField(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || text.first == " " || text.last == " "
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// A CSV document with a header row; lines end with `\n`.
    public static func csv(header: [String], rows: [[String]]) -> String {
        var lines = [header.map(csvField).joined(separator: ",")]
        lines.reserveCapacity(rows.count + 1)
        for row in rows { lines.append(row.map(csvField).joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A float for CSV: shortest round-trip text, empty for non-finite values (pandas reads NaN).
    public static func number(_ value: Float) -> String { value.isFinite ? "\(value)" : "" }

    /// A double for CSV (see ``number(_:)-(Float)``).
    public static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "" }
}
