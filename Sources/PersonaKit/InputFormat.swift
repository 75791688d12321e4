import Foundation

/// How a dataset file is laid out.
public enum InputFormat: Sendable, Equatable, CustomStringConvertible {
    /// One persona JSON object per line (SPB's format).
    case personaJSONL
    /// One JSON array of persona objects, streamed element by element.
    case personaJSONArray
    /// One text (e.g. a persona description) per line.
    case plainText
    /// One CSV column, chosen by its header name.
    case csv(column: String)
    /// One JSON object per line, using the string in `textField`.
    case jsonl(textField: String)
    /// A Parquet file read one row group at a time: each row a persona (columns `name`, `username`,
    /// `age`, `traits`, `background`, `chatting_style`, optional `model` and `id`, any other column
    /// kept as an extra field), or with `textColumn` the strings of that one column.
    case parquet(textColumn: String?)

    /// Chooses the format from the file extension: `.jsonl`/`.ndjson` → persona JSONL (or
    /// ``jsonl(textField:)`` when `field` is given), `.json` → persona JSON array unless the file
    /// starts with `{` (then JSONL), `.txt` → plain text, `.csv` → the CSV column `field`,
    /// `.parquet` → Parquet personas (or the string column `field`).
    ///
    /// - Parameters:
    ///   - url: the dataset file.
    ///   - field: the CSV or Parquet column or the JSONL text field, when the data is not personas.
    /// - Throws: ``InputError`` for an unknown extension or a CSV file without a column name.
    public static func infer(from url: URL, field: String? = nil) throws(InputError) -> InputFormat {
        let fail = { (message: String) in InputError(file: url.relativePath, line: nil, field: nil, message: message) }
        switch url.pathExtension.lowercased() {
        case "jsonl", "ndjson": return field.map { .jsonl(textField: $0) } ?? .personaJSONL
        case "json":
            if let field { return .jsonl(textField: field) }
            return firstSignificantByte(of: url) == UInt8(ascii: "{") ? .personaJSONL : .personaJSONArray
        case "txt", "text": return .plainText
        case "parquet": return .parquet(textColumn: field)
        case "csv":
            guard let field else { throw fail("a CSV file needs the name of the column to read") }
            return .csv(column: field)
        case let other:
            throw fail("cannot tell the format from the extension '\(other)'; expected .jsonl, .json, .txt, .csv or .parquet")
        }
    }

    /// Parses a format name as typed on a command line: `jsonl`, `json`, `text`, `csv:COLUMN`,
    /// `jsonl:FIELD`, `parquet`, `parquet:COLUMN`. Returns nil for anything else.
    public init?(name: String) {
        let parts = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        switch (parts.first, parts.count) {
        case ("jsonl", 1): self = .personaJSONL
        case ("json", 1): self = .personaJSONArray
        case ("text", 1), ("txt", 1): self = .plainText
        case ("csv", 2) where !parts[1].isEmpty: self = .csv(column: parts[1])
        case ("jsonl", 2) where !parts[1].isEmpty: self = .jsonl(textField: parts[1])
        case ("parquet", 1): self = .parquet(textColumn: nil)
        case ("parquet", 2) where !parts[1].isEmpty: self = .parquet(textColumn: parts[1])
        default: return nil
        }
    }

    /// The name ``init(name:)`` accepts.
    public var description: String {
        switch self {
        case .personaJSONL: "jsonl"
        case .personaJSONArray: "json"
        case .plainText: "text"
        case let .csv(column): "csv:\(column)"
        case let .jsonl(textField): "jsonl:\(textField)"
        case let .parquet(textColumn): textColumn.map { "parquet:\($0)" } ?? "parquet"
        }
    }

    /// Whether records are personas (rather than bare texts).
    public var holdsPersonas: Bool {
        switch self {
        case .personaJSONL, .personaJSONArray: true
        case let .parquet(textColumn): textColumn == nil
        case .plainText, .csv, .jsonl: false
        }
    }

    private static func firstSignificantByte(of url: URL) -> UInt8? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 4096) else { return nil }
        var bytes = [UInt8](data)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    }
}
