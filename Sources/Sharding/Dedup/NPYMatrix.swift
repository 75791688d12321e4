import Foundation
import LinearAlgebra
import PersonaKit

/// Reads NPY files (versions 1.0-3.0) holding a little-endian float32 matrix in C order, the
/// format `NotebookFiles.writeNPY` and `spb-analyze embed --shard` write.
///
/// Every header field is checked before use; a damaged file throws an `InputError` naming the
/// file (exit 65 in a command), never traps. The payload is read straight into the matrix's
/// storage in blocks, so reading needs no second copy of the file in memory.
public enum NPYMatrix {
    /// The shape of an NPY float32 matrix and where its payload starts.
    public struct Header: Sendable, Equatable {
        public let rows: Int
        public let columns: Int
        /// Byte offset of the payload.
        public let payloadOffset: Int
    }

    /// The rows × columns float32 matrix in the file at `url`.
    /// - Throws: `InputError` for an unreadable, truncated or malformed file, or a dtype other than `<f4`.
    /// - Complexity: O(file size).
    public static func read(_ url: URL) throws -> Matrix {
        let header = try self.header(url)
        var storage = [Float]()
        try append(url, header: header, to: &storage)
        return Matrix(rows: header.rows, columns: header.columns, storage: storage)
    }

    /// Reads and checks the header of `url`, including that the file holds exactly the payload it announces.
    /// - Throws: `InputError`.
    public static func header(_ url: URL) throws -> Header {
        let name = url.relativePath
        func failure(_ message: String) -> InputError { InputError(file: name, line: nil, field: nil, message: message) }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch { throw failure("cannot read: \(error.localizedDescription)") }
        defer { try? handle.close() }
        let fileSize: Int
        let prefix: [UInt8]
        do {
            fileSize = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
            prefix = Array(try handle.read(upToCount: 12) ?? Data())
        } catch { throw failure("cannot read: \(error.localizedDescription)") }
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard prefix.count >= 10, Array(prefix[0 ..< 6]) == magic else { throw failure("not an NPY file (bad magic)") }
        let headerLength: Int, headerStart: Int
        switch prefix[6] {
        case 1:
            headerLength = Int(prefix[8]) | Int(prefix[9]) << 8
            headerStart = 10
        case 2, 3:
            guard prefix.count >= 12 else { throw failure("truncated NPY header") }
            headerLength = (0 ..< 4).reduce(0) { $0 | Int(prefix[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw failure("unsupported NPY version \(prefix[6])")
        }
        guard headerLength <= 1 << 20, fileSize >= headerStart + headerLength else {
            throw failure("truncated NPY header (\(fileSize) bytes)")
        }
        let text: String
        do {
            try handle.seek(toOffset: UInt64(headerStart))
            guard let decoded = String(data: try handle.read(upToCount: headerLength) ?? Data(), encoding: .utf8) else {
                throw failure("NPY header is not text")
            }
            text = decoded
        } catch let error as InputError { throw error } catch { throw failure("cannot read: \(error.localizedDescription)") }
        let (rows, columns) = try shape(of: text, failure: failure)
        let payloadOffset = headerStart + headerLength
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, count <= (Int.max - payloadOffset) / 4 else { throw failure("shape (\(rows), \(columns)) is too large") }
        let available = fileSize - payloadOffset
        guard available >= count * 4 else {
            throw failure("truncated: shape (\(rows), \(columns)) needs \(count * 4) payload bytes, the file has \(available)")
        }
        guard available == count * 4 else { throw failure("\(available - count * 4) bytes after the payload of shape (\(rows), \(columns))") }
        return Header(rows: rows, columns: columns, payloadOffset: payloadOffset)
    }

    /// Appends the payload of `url` (described by `header`) to `storage`, reading 64 MiB at a time.
    /// - Throws: `InputError` when the file cannot be read or changed size meanwhile.
    public static func append(_ url: URL, header: Header, to storage: inout [Float]) throws {
        func failure(_ message: String) -> InputError { InputError(file: url.relativePath, line: nil, field: nil, message: message) }
        let count = header.rows * header.columns
        let start = storage.count
        storage.append(contentsOf: repeatElement(0, count: count))
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(header.payloadOffset))
            let blockBytes = 1 << 26
            var done = 0
            while done < count * 4 {
                // A whole number of values per read: a shorter block than asked for means the file ended.
                let wanted = min(blockBytes, count * 4 - done)
                guard let block = try handle.read(upToCount: wanted), block.count == wanted else {
                    throw failure("truncated while reading (\(done) of \(count * 4) payload bytes)")
                }
                Float32Bytes.copy(block, into: &storage, at: start + done / 4)
                done += block.count
            }
        } catch let error as InputError { throw error } catch { throw failure("cannot read: \(error.localizedDescription)") }
    }

    /// The listed rows (ascending, within the header's shape) of the matrix in `url`, read by
    /// seeking to each run of consecutive rows, so memory is the selected rows only.
    /// - Throws: `InputError` when the file cannot be read or is shorter than its header says.
    /// - Complexity: O(rows.count · columns) bytes read, one seek per run of consecutive rows.
    public static func readRows(_ url: URL, header: Header, rows: [Int32]) throws -> Matrix {
        func failure(_ message: String) -> InputError { InputError(file: url.relativePath, line: nil, field: nil, message: message) }
        let rowBytes = header.columns * 4
        var storage = [Float](repeating: 0, count: rows.count * header.columns)
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var position = 0
            while position < rows.count {
                var end = position + 1
                while end < rows.count, rows[end] == rows[end - 1] + 1 { end += 1 }
                let first = Int(rows[position])
                guard first >= 0, Int(rows[end - 1]) < header.rows else { throw failure("row \(rows[end - 1]) is outside the \(header.rows) rows") }
                try handle.seek(toOffset: UInt64(header.payloadOffset + first * rowBytes))
                let wanted = (end - position) * rowBytes
                guard let block = try handle.read(upToCount: wanted), block.count == wanted else {
                    throw failure("truncated while reading rows \(first)..<\(first + end - position)")
                }
                Float32Bytes.copy(block, into: &storage, at: position * header.columns)
                position = end
            }
        } catch let error as InputError { throw error } catch { throw failure("cannot read: \(error.localizedDescription)") }
        return Matrix(rows: rows.count, columns: header.columns, storage: storage)
    }

    /// The (rows, columns) of a header dict, after checking `descr` and `fortran_order`.
    static func shape(of header: String, failure: (String) -> InputError) throws -> (Int, Int) {
        let compact = header.filter { !$0.isWhitespace }
        guard compact.contains("'descr':'<f4'") else {
            throw failure("dtype must be little-endian float32 ('<f4'); header: \(header.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard compact.contains("'fortran_order':False") else { throw failure("Fortran-order arrays are not supported") }
        guard let open = compact.range(of: "'shape':("), let close = compact[open.upperBound...].firstIndex(of: ")") else {
            throw failure("NPY header has no shape")
        }
        let numbers = compact[open.upperBound ..< close].split(separator: ",").map { Int($0) }
        guard numbers.count == 2, let rows = numbers[0], let columns = numbers[1], rows >= 0, columns >= 1 else {
            throw failure("shape must be (rows, columns) with columns >= 1, got (\(compact[open.upperBound ..< close]))")
        }
        return (rows, columns)
    }
}
