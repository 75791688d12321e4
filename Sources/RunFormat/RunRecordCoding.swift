import Foundation
import PersonaKit

/// The JSON coding of a run directory's records: `manifest.json` and the lines of `events.jsonl` and
/// `rejected.jsonl`. Keys are sorted and slashes left unescaped, so a file's bytes depend only on its
/// values; a record that does not decode is bad input naming the file, the line and the field.
public enum RunRecordCoding {
    /// `record` as one line of JSON (no newline).
    /// - Throws: `EncodingError` when a value cannot be encoded (a non-finite number).
    public static func line(_ record: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    /// `record` as a pretty-printed JSON document (how `manifest.json` is written).
    /// - Throws: `EncodingError` when a value cannot be encoded.
    public static func document(_ record: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(record)
    }

    /// Decodes one record.
    /// - Parameters:
    ///   - data: the record's JSON.
    ///   - file: the file's path, for errors.
    ///   - line: the record's 1-based line, for errors (nil for a whole-file document).
    /// - Throws: `InputError` naming the file, the line and the field (`config.seed`, `steering.banned[2]`) that is
    ///   missing or of the wrong type, or saying the text is not JSON.
    public static func decode<Record: Decodable>(_ type: Record.Type, from data: Data, file: String, line: Int? = nil) throws(InputError) -> Record {
        do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
            throw InputError(decoding: error, file: file, line: line)
        } catch {
            throw InputError(file: file, line: line, field: nil, message: "\(error)")
        }
    }

    /// Calls `body` with every record of the JSON Lines file at `url`, in order, with its 1-based line;
    /// blank lines are skipped.
    /// - Throws: `InputError` for an unreadable file or a line that is not such a record; what `body` throws.
    /// - Complexity: O(file size); memory O(longest line).
    public static func forEach<Record: Decodable>(_ type: Record.Type, in url: URL, _ body: (Int, Record) throws -> Void) throws {
        try LineReader(url: url).forEachLine { result in
            let line = try result.get()
            guard !line.text.allSatisfy(\.isWhitespace) else { return }
            try body(line.number, try decode(type, from: Data(line.text.utf8), file: url.relativePath, line: line.number))
        }
    }
}

extension InputError {
    /// The error for a record that did not decode: the field is the coding path (`config.avoid[0].format`).
    init(decoding error: DecodingError, file: String, line: Int?) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { path, key in
                if let index = key.intValue { return path + "[\(index)]" }
                return path.isEmpty ? key.stringValue : path + "." + key.stringValue
            }
        }
        switch error {
        case let .keyNotFound(key, context):
            self.init(file: file, line: line, field: path(context.codingPath + [key]), message: "missing")
        case let .typeMismatch(type, context):
            self.init(file: file, line: line, field: path(context.codingPath), message: "expected \(Self.describe(type))")
        case let .valueNotFound(type, context):
            self.init(file: file, line: line, field: path(context.codingPath), message: "expected \(Self.describe(type)), found null")
        case let .dataCorrupted(context):
            let message = context.codingPath.isEmpty ? "not valid JSON" : context.debugDescription
            self.init(file: file, line: line, field: path(context.codingPath), message: message)
        @unknown default:
            self.init(file: file, line: line, field: nil, message: "\(error)")
        }
    }

    /// A JSON type's name for a Swift type (`a string`, `a number`, `an object`).
    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is UInt64.Type, is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        default: type == [String: Any].self ? "an object" : "\(type)"
        }
    }
}
