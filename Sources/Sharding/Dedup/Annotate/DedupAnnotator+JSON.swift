import Foundation
import PersonaKit

extension DedupAnnotator {
    /// Where JSON object records come from.
    enum JSONSource {
        /// One object per line (JSONL).
        case lines(URL)
        /// The elements of a JSON array file.
        case arrayElements(URL)

        var file: URL {
            switch self {
            case let .lines(url), let .arrayElements(url): url
            }
        }

        /// Calls `body` with the text of every record `records` holds, and the line it starts at.
        func forEachRecord(of records: RecordLines, _ body: (_ line: Int, _ text: String, _ annotation: DedupAnnotation) throws -> Void) throws {
            switch self {
            case let .lines(url):
                try LineReader(url: url).forEachLine { result in
                    guard case let .success(line) = result, let (_, annotation) = records.record(at: line.number) else { return }
                    try body(line.number, line.text, annotation)
                }
            case let .arrayElements(url):
                var elements = try JSONArrayElements(url: url)
                while let (line, text) = try elements.next() {
                    guard let (_, annotation) = records.record(at: line) else { continue }
                    try body(line, text, annotation)
                }
            }
        }
    }

    /// `annotated.jsonl`: each record's object as written, on one line, with the added keys at its end.
    static func writeJSONObjects(_ records: RecordLines, source: JSONSource, columns: [String], withReason: Bool, to url: URL) throws -> Summary {
        var taken = Set<String>()
        try source.forEachRecord(of: records) { _, text, _ in
            guard columns.contains(where: { text.contains("\"\($0)\"") }), case let .object(fields)? = try? JSONValue.parse(text) else { return }
            for column in columns where fields[column] != nil { taken.insert(column) }
        }
        var names = columns, note: String?
        if !taken.isEmpty { (names, note) = prefixed(columns, taken: columns.filter(taken.contains)) }
        let output = try AnnotatedFile(url: url)
        var written = 0
        try source.forEachRecord(of: records) { line, text, annotation in
            guard let object = appending(Array(zip(names, annotation.jsonValues(withReason: withReason))), to: text) else {
                throw InputError(file: source.file.relativePath, line: line, field: nil, message: "not a JSON object on a second read (changed while being read?)")
            }
            try output.write(object)
            written += 1
        }
        try output.close()
        return Summary(file: url.lastPathComponent, records: written, columns: names, note: note)
    }

    /// The JSON object `text` on one line with `members` added before its closing brace, its own members left
    /// as written; nil when `text` is not an object.
    ///
    /// A raw line break can only be whitespace between tokens in JSON (inside strings it is escaped), so line
    /// breaks become spaces.
    static func appending(_ members: [(String, JSONValue)], to text: String) -> String? {
        var object = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        guard object.hasPrefix("{"), object.hasSuffix("}") else { return nil }
        object.removeLast()
        while object.last?.isWhitespace == true { object.removeLast() }
        return object + (object == "{" ? "" : ",") + jsonMembers(members) + "}"
    }
}
