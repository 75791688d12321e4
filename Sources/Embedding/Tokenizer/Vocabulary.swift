import Foundation

/// A WordPiece vocabulary: `vocab.txt`, one token per line, the id being the 0-based line number.
public struct Vocabulary: Sendable {
    /// Token → id.
    private let ids: [String: Int32]
    /// Id → token.
    public let tokens: [String]

    /// The number of tokens.
    public var count: Int { tokens.count }

    /// Loads a `vocab.txt` (UTF-8, `\n` or `\r\n` line ends, trailing newline optional).
    ///
    /// - Parameter url: The vocabulary file.
    /// - Throws: ``TokenizerError`` naming the file (and line) when the file cannot be read, is not
    ///   UTF-8, is empty, has an empty line, a token with whitespace, or a token listed twice.
    /// - Complexity: O(n) in the file size.
    public init(contentsOf url: URL) throws {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizerError.unreadable(file, reason: (error as NSError).localizedDescription)
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw TokenizerError.unreadable(file, reason: "not valid UTF-8")
        }
        // Split on scalars: Swift's Characters would keep "\r\n" together.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty else { throw TokenizerError.unreadable(file, reason: "the file is empty") }
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(lines.count)
        var tokens: [String] = []
        tokens.reserveCapacity(lines.count)
        for (index, rawLine) in lines.enumerated() {
            let token = String(rawLine.last == "\r" ? rawLine.dropLast() : rawLine)
            let line = index + 1
            guard !token.isEmpty else { throw TokenizerError.malformed(file, line: line, reason: "empty token") }
            if token.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
                throw TokenizerError.malformed(file, line: line, reason: "token \"\(token)\" contains whitespace")
            }
            if let first = ids[token] {
                throw TokenizerError.malformed(file, line: line, reason: "token \"\(token)\" already on line \(first + 1)")
            }
            guard let id = Int32(exactly: index) else {
                throw TokenizerError.malformed(file, line: line, reason: "too many tokens")
            }
            ids[token] = id
            tokens.append(token)
        }
        self.ids = ids
        self.tokens = tokens
    }

    /// The id of `token`, or nil when it is not in the vocabulary.
    public subscript(token: String) -> Int32? { ids[token] }
}
