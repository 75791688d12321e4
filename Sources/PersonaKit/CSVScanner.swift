import Foundation

/// Streams one column of an RFC 4180 CSV file: quoted fields may hold commas, doubled quotes and
/// line breaks. The first row is the header, where the column is looked up by name.
///
/// Lenient where Python's `csv` is: a stray quote inside an unquoted field is kept as a character.
/// Events: the column's cell of every data row (`.record`, line = the row's first physical
/// line); short rows, an unterminated quote or an overlong row (`.bad`); an unknown column (`.fatal`).
/// With `rawRows`, every row instead (the header first), as its bytes in the file without the line ending.
struct CSVScanner {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    let displayPath: String
    let column: String
    let maxRecordBytes: Int
    /// Deliver every row's bytes as written instead of the column's cells.
    let rawRows: Bool
    private var bytes: ByteCursor
    private var done = false
    private var state = State.fieldStart
    private var line = 1
    private var recordLine = 1
    private var fields: [[UInt8]] = []
    private var field: [UInt8] = []
    private var fieldLine = 1
    private var recordBytes = 0
    private var columnIndex: Int?
    private var header: [String] = []
    private var raw: [UInt8] = []

    /// Opens `url`.
    ///
    /// - Throws: ``InputError`` when the file cannot be opened.
    init(url: URL, displayPath: String, column: String, maxRecordBytes: Int, chunkSize: Int, rawRows: Bool = false) throws(InputError) {
        self.displayPath = displayPath
        self.column = column
        self.maxRecordBytes = maxRecordBytes
        self.rawRows = rawRows
        bytes = try ByteCursor(url: url, displayPath: displayPath, chunkSize: chunkSize)
    }

    /// The next cell or problem; nil when the scan is over.
    ///
    /// - Throws: ``InputError`` on an I/O error.
    /// - Complexity: amortised O(row size); memory O(chunkSize + maxRecordBytes).
    mutating func next() throws(InputError) -> ScanEvent? {
        while !done {
            guard let byte = try bytes.next() else { return finish() }
            if let event = consume(byte) { return event }
        }
        return nil
    }

    private func problem(_ message: String, field name: String? = nil) -> InputError {
        InputError(file: displayPath, line: recordLine, field: name ?? column, message: message)
    }

    private mutating func consume(_ byte: UInt8) -> ScanEvent? {
        if recordBytes == 0 { recordLine = line }
        recordBytes += 1
        if recordBytes > maxRecordBytes {
            done = true
            let hint = state == .quoted ? " (an unterminated quote starting at line \(fieldLine)?)" : ""
            return .bad(problem("row is longer than \(LineReader.describe(bytes: maxRecordBytes))\(hint)"))
        }
        if rawRows { raw.append(byte) }
        switch (state, byte) {
        case (.fieldStart, UInt8(ascii: "\"")):
            state = .quoted
            fieldLine = line
        case (.quoted, UInt8(ascii: "\"")):
            state = .quoteInQuoted
        case (.quoted, _):
            if byte == 0x0A { line += 1 }
            field.append(byte)
        case (.quoteInQuoted, UInt8(ascii: "\"")):
            field.append(byte)
            state = .quoted
        case (_, UInt8(ascii: ",")):
            fields.append(field)
            field = []
            state = .fieldStart
        case (_, 0x0A):
            line += 1
            state = .fieldStart
            return endRecord()
        case (_, 0x0D):
            break
        default:
            field.append(byte)
            state = .unquoted
        }
        return nil
    }

    private mutating func endRecord() -> ScanEvent? {
        fields.append(field)
        field = []
        defer { fields.removeAll(keepingCapacity: true); recordBytes = 0; raw.removeAll(keepingCapacity: true) }
        if fields.count == 1, fields[0].isEmpty { return nil }  // a blank line
        if rawRows {
            if raw.last == 0x0A { raw.removeLast() }
            if raw.last == 0x0D { raw.removeLast() }
            return .record(line: recordLine, bytes: raw)
        }
        guard let index = columnIndex else {
            header = fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
            guard let found = header.firstIndex(of: column) else {
                done = true
                return .fatal(problem("no such column in the header; columns are: \(header.joined(separator: ", "))"))
            }
            columnIndex = found
            return nil
        }
        guard index < fields.count else {
            return .bad(problem("row has \(fields.count) fields, the header has \(header.count)"))
        }
        return .record(line: recordLine, bytes: fields[index])
    }

    private mutating func finish() -> ScanEvent? {
        if state == .quoted {
            done = true
            let name = columnIndex != nil && fields.count < header.count ? header[fields.count] : column
            return .bad(problem("unterminated quoted field starting at line \(fieldLine): the file ends inside quotes", field: name))
        }
        if !fields.isEmpty || !field.isEmpty {
            state = .fieldStart
            if let event = endRecord() { return event }  // `finish` runs again on the next call
            if done { return nil }
        }
        done = true
        if columnIndex == nil, !rawRows {
            return .fatal(InputError(file: displayPath, line: 1, field: column, message: "the file is empty; expected a header row"))
        }
        return nil
    }
}
