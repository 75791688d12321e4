import Foundation

extension LineReader {
    /// Calls `body` with the line number and JSON object of each non-blank line of a JSONL file
    /// (run directories' `events.jsonl` and `rejected.jsonl`, for one).
    /// - Throws: ``InputError`` naming the file and line for unreadable text, a line that is not
    ///   valid JSON or not an object; `body`'s errors.
    public static func forEachJSONObject(in url: URL, _ body: (Int, JSONValue) throws -> Void) throws {
        try LineReader(url: url).forEachLine { result in
            let line = try result.get()
            guard !line.text.allSatisfy(\.isWhitespace) else { return }
            let value: JSONValue
            do { value = try JSONValue.parse(line.text) } catch {
                throw InputError(file: url.relativePath, line: line.number, field: nil, message: "not valid JSON (\(error))")
            }
            guard case .object = value else {
                throw InputError(file: url.relativePath, line: line.number, field: nil, message: "expected a JSON object")
            }
            try body(line.number, value)
        }
    }
}
