import Foundation

/// Streams one column of an RFC 4180 CSV file: quoted fields may hold commas, doubled quotes and
/// line breaks. The first row is the header, where the column is looked up by name.
///
/// Lenient where Python's `csv` is: a stray quote inside an unquoted field is kept as a character.
struct CSVScanner {
    let url: URL
    let displayPath: String
    let column: String
    let maxRecordBytes: Int
    let chunkSize: Int

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// Calls `body` with the column's cell of every data row (`.record`, line = the row's first
    /// physical line); rows that are too short are `.bad`; an unknown column is `.fatal`.
    /// - Complexity: O(file size) time; memory O(chunkSize + maxRecordBytes).
    func scan(_ body: (ScanEvent) throws -> Void) throws {
        let chunks = try FileChunks(url: url, displayPath: displayPath, chunkSize: chunkSize)
        defer { chunks.close() }
        var state = State.fieldStart
        var line = 1
        var recordLine = 1
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var fieldLine = 1
        var recordBytes = 0
        var columnIndex: Int?
        var header: [String] = []
        var isFirstByte = true

        func endRecord() throws -> Bool {
            fields.append(field)
            field = []
            defer { fields.removeAll(keepingCapacity: true); recordBytes = 0 }
            if fields.count == 1, fields[0].isEmpty { return true }  // blank line
            guard let index = columnIndex else {
                header = fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
                guard let found = header.firstIndex(of: column) else {
                    try body(.fatal(InputError(file: displayPath, line: recordLine, field: column,
                                               message: "no such column in the header; columns are: \(header.joined(separator: ", "))")))
                    return false
                }
                columnIndex = found
                return true
            }
            guard index < fields.count else {
                try body(.bad(InputError(file: displayPath, line: recordLine, field: column,
                                         message: "row has \(fields.count) fields, the header has \(header.count)")))
                return true
            }
            try body(.record(line: recordLine, bytes: fields[index]))
            return true
        }

        while let chunk = try chunks.next() {
            var index = 0
            if isFirstByte {
                isFirstByte = false
                if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            }
            while index < chunk.count {
                let byte = chunk[index]
                index += 1
                if state == .fieldStart, fields.isEmpty, field.isEmpty, recordBytes == 0 { recordLine = line }
                recordBytes += 1
                if recordBytes > maxRecordBytes {
                    let hint = state == .quoted ? " (an unterminated quote starting at line \(fieldLine)?)" : ""
                    try body(.bad(InputError(file: displayPath, line: recordLine, field: column,
                                             message: "row is longer than \(LineReader.describe(bytes: maxRecordBytes))\(hint)")))
                    return
                }
                switch state {
                case .fieldStart, .unquoted:
                    switch byte {
                    case UInt8(ascii: "\"") where state == .fieldStart:
                        state = .quoted
                        fieldLine = line
                    case UInt8(ascii: ","):
                        fields.append(field); field = []; state = .fieldStart
                    case 0x0A:
                        line += 1
                        state = .fieldStart
                        guard try endRecord() else { return }
                    case 0x0D:
                        continue
                    default:
                        field.append(byte); state = .unquoted
                    }
                case .quoted:
                    if byte == UInt8(ascii: "\"") { state = .quoteInQuoted; continue }
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                case .quoteInQuoted:
                    switch byte {
                    case UInt8(ascii: "\""):
                        field.append(byte); state = .quoted
                    case UInt8(ascii: ","):
                        fields.append(field); field = []; state = .fieldStart
                    case 0x0A:
                        line += 1
                        state = .fieldStart
                        guard try endRecord() else { return }
                    case 0x0D:
                        continue
                    default:
                        field.append(byte); state = .unquoted
                    }
                }
            }
        }
        if state == .quoted {
            let name = columnIndex != nil && fields.count < header.count ? header[fields.count] : column
            try body(.bad(InputError(file: displayPath, line: recordLine, field: name,
                                     message: "unterminated quoted field starting at line \(fieldLine): the file ends inside quotes")))
            return
        }
        if !fields.isEmpty || !field.isEmpty {
            guard try endRecord() else { return }
        }
        if columnIndex == nil {
            try body(.fatal(InputError(file: displayPath, line: 1, field: column, message: "the file is empty; expected a header row")))
        }
    }
}
