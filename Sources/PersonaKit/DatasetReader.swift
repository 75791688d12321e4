import Foundation

/// One record read from a dataset.
public struct DatasetRecord: Sendable, Equatable {
    /// 1-based line where the record starts (for Parquet, the 1-based row number).
    public let line: Int
    /// The persona, for persona formats; nil for text formats.
    public let persona: Persona?
    /// The text to embed: the template's rendering of the persona, or the raw text.
    public let text: String
    /// The record's own id from ``DatasetReader/idField``, else the persona's `id`; nil when it has none.
    public let id: String?
    /// The values of each of ``DatasetReader/categoryFields`` the record has (a list field gives each of its
    /// items; a missing or null field is left out).
    public let categories: [String: [String]]
    /// Every field of a Parquet row, when ``DatasetReader/keepsRowFields``.
    public var fields: JSONValue?

    /// Creates a record.
    public init(line: Int, persona: Persona?, text: String, id: String? = nil, categories: [String: [String]] = [:]) {
        self.line = line
        self.persona = persona
        self.text = text
        self.id = id ?? persona?.id
        self.categories = categories
    }
}

/// What a read did.
public struct ReadSummary: Sendable, Equatable {
    /// Records delivered to the callback.
    public var records: Int = 0
    /// The errors of skipped records, in file order (at most ``DatasetReader/maxRecordedErrors``).
    public var skipped: [InputError] = []
    /// How many records were skipped in all (may exceed `skipped.count`).
    public var skippedCount: Int = 0
    /// Blank lines passed over (not errors).
    public var blankLines: Int = 0

    /// Creates an empty summary.
    public init() {}
}

/// Reads a persona or text dataset record by record in bounded memory.
///
/// Every error names the file, the line where the record starts (for Parquet, the 1-based row
/// number) and, where it applies, the field. In ``ErrorMode/strict`` the first bad record throws
/// its ``InputError``; in ``ErrorMode/skip`` bad records are left out and their errors collected
/// in the ``ReadSummary``. A problem with the whole file (cannot open it, no such CSV or Parquet
/// column, a damaged or unsupported Parquet row group) throws in both modes.
public struct DatasetReader: Sendable {
    /// The file.
    public let url: URL
    /// Its layout.
    public let format: InputFormat
    /// Strict or skip.
    public let mode: ErrorMode
    /// Rules personas must pass (a violation is a bad record); nil accepts any well-typed persona.
    public let rules: ValidationRules?
    /// How a persona becomes ``DatasetRecord/text``.
    public let template: PersonaTextTemplate
    /// For ``InputFormat/jsonl(textField:)`` and ``InputFormat/parquet(textColumn:)`` with a column: the
    /// field holding each record's name, masked in its text as a persona's own name is (when
    /// ``template`` masks names); a record without it is read as is.
    public var nameField: String?
    /// For JSON objects (persona JSONL, JSON arrays) and Parquet rows: renders each record's text from
    /// any of its fields (`--text-template`), so the records need not be personas; with ``nameField``
    /// the name is masked in it.
    public var textTemplate: RecordTemplate?
    /// For JSON objects and Parquet rows: the field holding each record's own id (`--id-field`), a
    /// string or an integer; a record without it is a bad record.
    public var idField: String?
    /// For JSON objects and Parquet rows: fields whose values every record carries in
    /// ``DatasetRecord/categories`` (`--fit-field`); a Parquet file must have each column.
    public var categoryFields: [String] = []
    /// For Parquet: read every column and hand each row's fields out as ``DatasetRecord/fields`` (to write the rows again).
    public var keepsRowFields = false
    /// The longest accepted line, array element or CSV row, in bytes (default 1 MiB).
    public var maxRecordBytes = LineReader.defaultMaxLineBytes
    /// How many skipped-record errors the summary keeps (the count goes on).
    public var maxRecordedErrors = 10_000
    /// How many bytes are read from the file at a time (default 256 KiB).
    public var chunkSize = 256 << 10

    /// Creates a reader; nothing is opened until ``read(_:)``.
    ///
    /// - Parameters:
    ///   - url: the dataset file.
    ///   - format: its layout (see ``InputFormat/infer(from:field:)``).
    ///   - mode: strict (throw on the first bad record) or skip.
    ///   - rules: validation for personas (default: the card's); nil to skip validation.
    ///   - template: how personas are turned into text.
    public init(url: URL, format: InputFormat, mode: ErrorMode, rules: ValidationRules? = .card,
                template: PersonaTextTemplate = .default) {
        self.url = url
        self.format = format
        self.mode = mode
        self.rules = rules
        self.template = template
    }

    fileprivate var displayPath: String { url.relativePath }

    /// Calls `body` with every good record in file order.
    ///
    /// - Parameter body: receives each record; an error it throws stops reading and is rethrown.
    /// - Returns: counts and the errors of skipped records.
    /// - Throws: ``InputError`` (strict mode: the first bad record; any mode: an unreadable file).
    /// - Complexity: O(file size); memory O(maxRecordBytes) plus the recorded errors (for Parquet,
    ///   O(one row group) instead of O(maxRecordBytes)).
    public func read(_ body: (DatasetRecord) throws -> Void) throws -> ReadSummary {
        let records = try makeIterator()
        while let record = try records.next() { try body(record) }
        return records.summary
    }

    /// Opens the file for pulling records one at a time, e.g. from async code that awaits
    /// between records (``read(_:)`` cannot).
    ///
    /// ```swift
    /// let records = try reader.makeIterator()
    /// while let record = try records.next() { try await embed(record.text) }
    /// print(records.summary.skippedCount)
    /// ```
    /// - Throws: ``InputError`` when the file cannot be opened.
    public func makeIterator() throws -> RecordIterator {
        try RecordIterator(reader: self)
    }

    /// Pulls records from an open dataset; ``summary`` grows as it goes. Not thread-safe.
    public final class RecordIterator {
        private enum Source {
            case lines(LineCursor)
            case array(JSONArrayScanner)
            case csv(CSVScanner, column: String)
            case parquet(ParquetRowCursor, textColumn: String?)
            /// Held while a cursor is taken out to be advanced, so its buffers stay uniquely
            /// referenced and grow in place instead of being copied.
            case moving
        }

        private let reader: DatasetReader
        private var source: Source
        /// What has been read so far; complete once ``next()`` returned nil.
        public private(set) var summary = ReadSummary()

        init(reader: DatasetReader) throws(InputError) {
            self.reader = reader
            let path = reader.displayPath
            switch reader.format {
            case .personaJSONL, .plainText, .jsonl:
                source = .lines(try LineCursor(url: reader.url, displayPath: path, maxLineBytes: reader.maxRecordBytes, chunkSize: reader.chunkSize))
            case .personaJSONArray:
                source = .array(try JSONArrayScanner(url: reader.url, displayPath: path, maxElementBytes: reader.maxRecordBytes, chunkSize: reader.chunkSize))
            case let .csv(column):
                source = .csv(try CSVScanner(url: reader.url, displayPath: path, column: column, maxRecordBytes: reader.maxRecordBytes,
                                             chunkSize: reader.chunkSize), column: column)
            case let .parquet(textColumn):
                let required = (textColumn == nil ? reader.textTemplate?.columns ?? [] : []) + [reader.idField].compactMap { $0 }
                    + reader.categoryFields
                source = .parquet(try ParquetRowCursor(url: reader.url, displayPath: path, textColumn: textColumn, nameColumn: reader.nameField,
                                                       required: required,
                                                       allColumns: reader.keepsRowFields || (textColumn == nil && reader.textTemplate == nil)),
                                  textColumn: textColumn)
            }
        }

        /// The next good record, or nil at the end of the file.
        ///
        /// - Throws: ``InputError`` (strict mode: the first bad record; any mode: an I/O error or
        ///   a problem with the whole file).
        public func next() throws(InputError) -> DatasetRecord? {
            while let outcome = try pull() {
                switch outcome {
                case let .success(record):
                    summary.records += 1
                    return record
                case let .failure(error):
                    guard reader.mode == .skip else { throw error }
                    summary.skippedCount += 1
                    if summary.skipped.count < reader.maxRecordedErrors { summary.skipped.append(error) }
                }
            }
            return nil
        }

        /// The next outcome from the source; blank lines are counted and passed over.
        private func pull() throws(InputError) -> Result<DatasetRecord, InputError>? {
            switch source {
            case .moving:
                preconditionFailure("RecordIterator.next() re-entered")
            case var .lines(cursor):
                source = .moving
                defer { source = .lines(cursor) }
                while let result = try cursor.next() {
                    switch result {
                    case let .failure(error): return .failure(error)
                    case let .success(line):
                        if line.text.isBlank { summary.blankLines += 1; continue }
                        return reader.record(from: line)
                    }
                }
                return nil
            case var .array(scanner):
                source = .moving
                defer { source = .array(scanner) }
                return try reader.outcome(of: scanner.next()) { bytes, line in
                    reader.persona(fromJSON: bytes[...], line: line, truncated: false, inArray: true)
                }
            case .csv(var scanner, let column):
                source = .moving
                defer { source = .csv(scanner, column: column) }
                return try reader.outcome(of: scanner.next()) { bytes, line in
                    reader.text(fromCell: bytes, line: line, column: column)
                }
            case .parquet(var rows, let textColumn):
                source = .moving
                defer { source = .parquet(rows, textColumn: textColumn) }
                guard let row = try rows.next() else { return nil }
                let fields = JSONValue.object(row.cells.mapValues(JSONValue.init(parquet:)))
                let outcome = textColumn.map { reader.text(fromField: $0, of: fields, line: row.number) } ?? reader.persona(from: fields, line: row.number)
                guard reader.keepsRowFields else { return outcome }
                return outcome.map { record in
                    var kept = record
                    kept.fields = fields
                    return kept
                }
            }
        }
    }

    /// Maps a scanner event to an outcome; a fatal problem throws in every mode.
    private func outcome(of event: ScanEvent?, _ decode: ([UInt8], Int) -> Result<DatasetRecord, InputError>)
        throws(InputError) -> Result<DatasetRecord, InputError>? {
        switch event {
        case nil: return nil
        case let .record(line, bytes)?: return decode(bytes, line)
        case let .bad(error)?: return .failure(error)
        case let .fatal(error)?: throw error
        }
    }

    private func failure(_ line: Int, _ field: String?, _ message: String) -> Result<DatasetRecord, InputError> {
        .failure(InputError(file: displayPath, line: line, field: field, message: message))
    }

    fileprivate func record(from line: LineReader.Line) -> Result<DatasetRecord, InputError> {
        switch format {
        case .plainText:
            return .success(DatasetRecord(line: line.number, persona: nil, text: line.text))
        case let .jsonl(textField):
            let value: JSONValue
            switch parseJSON(Array(line.text.utf8)[...], line: line.number, truncated: !line.isTerminated) {
            case let .success(parsed): value = parsed
            case let .failure(error): return .failure(error)
            }
            guard case .object = value else { return failure(line.number, nil, "expected a JSON object, got \(value.quotedForErrors)") }
            return text(fromField: textField, of: value, line: line.number)
        case .personaJSONL, .personaJSONArray, .csv, .parquet:
            return persona(fromJSON: Array(line.text.utf8)[...], line: line.number, truncated: !line.isTerminated)
        }
    }

    /// The string in `textField` of a record (a JSONL object or a Parquet row), with the record's
    /// name (``nameField``) masked in it when the template masks names.
    fileprivate func text(fromField textField: String, of value: JSONValue, line: Int) -> Result<DatasetRecord, InputError> {
        guard let field = value[textField] else { return failure(line, textField, "missing field") }
        guard case let .string(text) = field else {
            return failure(line, textField, "expected a string, got \(field.quotedForErrors)")
        }
        guard !text.isBlank else { return failure(line, textField, "empty text") }
        return unnamedRecord(text: text, of: value, line: line)
    }

    /// A record rendered by ``textTemplate`` from any of its fields.
    fileprivate func text(from template: RecordTemplate, of value: JSONValue, line: Int) -> Result<DatasetRecord, InputError> {
        guard case .object = value else { return failure(line, nil, "expected a JSON object, got \(value.quotedForErrors)") }
        switch template.render(value) {
        case let .failure(problem): return failure(line, problem.field, problem.message)
        case let .success(text): return unnamedRecord(text: text, of: value, line: line)
        }
    }

    /// A text record of `value` with its id, and its name (``nameField``) masked in `text` when the template masks names.
    private func unnamedRecord(text: String, of value: JSONValue, line: Int) -> Result<DatasetRecord, InputError> {
        let identity: (id: String?, categories: [String: [String]])
        switch self.identity(of: value, line: line) {
        case let .failure(error): return .failure(error)
        case let .success(found): identity = found
        }
        var masked = text
        if let nameField, template.masksNames, let name = value[nameField] {
            switch name {
            case let .string(name): masked = NameMask(name: name, username: nil).apply(to: text)
            case .null: break
            default: return failure(line, nameField, "expected a string name, got \(name.quotedForErrors)")
            }
        }
        return .success(DatasetRecord(line: line, persona: nil, text: masked, id: identity.id, categories: identity.categories))
    }

    /// The record's own id (``idField``) and its ``categoryFields`` values, or the first of them that is malformed.
    private func identity(of value: JSONValue, line: Int) -> Result<(id: String?, categories: [String: [String]]), InputError> {
        recordID(of: value, line: line).flatMap { id in categories(of: value, line: line).map { (id, $0) } }
    }

    /// The ``idField`` of `value`: nil when no id field was asked for.
    private func recordID(of value: JSONValue, line: Int) -> Result<String?, InputError> {
        guard let idField else { return .success(nil) }
        switch value[idField] {
        case nil, .null?: return .failure(InputError(file: displayPath, line: line, field: idField, message: "missing id"))
        case let .string(id)? where !id.isBlank: return .success(id)
        case let .number(number)? where number.rounded() == number && abs(number) < 1e15: return .success(String(Int64(number)))
        case let other?:
            return .failure(InputError(file: displayPath, line: line, field: idField, message: "expected a string or integer id, got \(other.quotedForErrors)"))
        }
    }

    /// The ``categoryFields`` of `value`: each field's values (none when missing or null).
    private func categories(of value: JSONValue, line: Int) -> Result<[String: [String]], InputError> {
        var result = [String: [String]]()
        for field in categoryFields {
            guard let cell = value[field] else { continue }
            guard let values = RecordTemplate.categoryValues(of: cell) else {
                return .failure(InputError(file: displayPath, line: line, field: field,
                                           message: "expected a category (text, a number, a boolean or a list of them), got \(cell.quotedForErrors)"))
            }
            if !values.isEmpty { result[field] = values }
        }
        return .success(result)
    }

    /// Parses one record's JSON; `truncated` marks a last line without a newline, `inArray` an
    /// array element (whose columns count from the element's first byte).
    private func parseJSON(_ bytes: ArraySlice<UInt8>, line: Int, truncated: Bool, inArray: Bool = false) -> Result<JSONValue, InputError> {
        do {
            return .success(try JSONValue.parse(bytes))
        } catch {
            let message = truncated
                ? "the last line looks truncated (no trailing newline, and it is not valid JSON: \(error))"
                : inArray ? "invalid JSON at byte \(error.column) of the element: \(error.message)" : error.description
            return .failure(InputError(file: displayPath, line: line, field: nil, message: message))
        }
    }

    fileprivate func persona(fromJSON bytes: ArraySlice<UInt8>, line: Int, truncated: Bool, inArray: Bool = false)
        -> Result<DatasetRecord, InputError> {
        switch parseJSON(bytes, line: line, truncated: truncated, inArray: inArray) {
        case let .success(value): return persona(from: value, line: line)
        case let .failure(error): return .failure(error)
        }
    }

    /// A persona from a parsed record (a JSON object or a Parquet row), checked against ``rules``.
    /// With ``textTemplate``, the record's rendering instead.
    fileprivate func persona(from value: JSONValue, line: Int) -> Result<DatasetRecord, InputError> {
        if let textTemplate { return text(from: textTemplate, of: value, line: line) }
        let identity: (id: String?, categories: [String: [String]])
        switch self.identity(of: value, line: line) {
        case let .failure(error): return .failure(error)
        case let .success(found): identity = found
        }
        let persona: Persona
        do { persona = try Persona(json: value) } catch { return failure(line, error.field, error.message) }
        if let rules {
            let violations = persona.violations(of: rules)
            if let first = violations.first {
                let others = violations.dropFirst().map(\.description)
                let more = others.isEmpty ? "" : "; also " + others.joined(separator: "; ")
                return failure(line, first.field, "\(first.message) (\(first.rule))\(more)")
            }
        }
        return .success(DatasetRecord(line: line, persona: persona, text: template.render(persona), id: identity.id, categories: identity.categories))
    }

    fileprivate func text(fromCell bytes: [UInt8], line: Int, column: String) -> Result<DatasetRecord, InputError> {
        switch decodeUTF8(bytes[...]) {
        case let .failure(failure):
            return self.failure(line, column, "invalid UTF-8 at byte \(failure.byteOffset) of the cell")
        case let .success(text):
            guard !text.isBlank else { return self.failure(line, column, "empty text") }
            return .success(DatasetRecord(line: line, persona: nil, text: text))
        }
    }
}
