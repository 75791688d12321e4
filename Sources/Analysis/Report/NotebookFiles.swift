import Foundation
import LinearAlgebra

/// Writers for files notebooks load with no glue: NPY v1.0 arrays and RFC 4180 CSV.
public enum NotebookFiles {
    /// The NPY v1.0 header for a little-endian float32 array of shape (rows, columns), C order.
    public static func npyHeader(rows: Int, columns: Int) -> Data {
        npyHeader(descr: "<f4", shape: [rows, columns])
    }

    /// The NPY v1.0 header for a C-order array of numpy type `descr` (e.g. `<f4`, `<i8`) and `shape`.
    ///
    /// Magic `\x93NUMPY`, version 1.0, a little-endian UInt16 header length, then the dictionary
    /// padded with spaces and ended by `\n` so the data starts at a multiple of 64 bytes.
    public static func npyHeader(descr: String, shape: [Int]) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dictionary = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + dictionary.utf8.count + 1
        dictionary += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(dictionary.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(dictionary.utf8))
        return data
    }

    /// Writes `matrix` as an NPY v1.0 float32 file, streaming the payload in blocks (no full copy).
    /// - Parameter observe: sees every byte written, in order (the header, then each block), e.g. to
    ///   checksum the file as it is written.
    /// - Returns: the file's size in bytes.
    /// - Complexity: O(rows · columns) time, O(block) extra memory.
    @discardableResult
    public static func writeNPY(_ matrix: Matrix, to url: URL, observe: (ArraySlice<UInt8>) -> Void = { _ in }) throws -> Int {
        let header = npyHeader(rows: matrix.rows, columns: matrix.columns)
        guard FileManager.default.createFile(atPath: url.path, contents: header) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        observe(ArraySlice(header))
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        let block = 1 << 16
        var bytes = [UInt8](repeating: 0, count: block * 4)
        let values = matrix.storage
        var start = 0
        while start < values.count {
            let end = min(start + block, values.count)
            for index in start ..< end {
                let bits = values[index].bitPattern, offset = (index - start) * 4
                bytes[offset] = UInt8(truncatingIfNeeded: bits)
                bytes[offset + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                bytes[offset + 2] = UInt8(truncatingIfNeeded: bits >> 16)
                bytes[offset + 3] = UInt8(truncatingIfNeeded: bits >> 24)
            }
            let chunk = bytes[0 ..< (end - start) * 4]
            observe(chunk)
            try handle.write(contentsOf: chunk)
            start = end
        }
        return header.count + matrix.rows * matrix.columns * 4
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
