import Foundation

/// Why a tokenizer could not be built: names the vocabulary file and, where it applies, the line.
public struct TokenizerError: Error, CustomStringConvertible, Equatable {
    private enum Kind: Equatable {
        case unreadable(reason: String)
        case malformed(line: Int, reason: String)
        case missingToken(String)
    }

    /// The vocabulary file concerned.
    public let file: String
    private let kind: Kind

    /// The 1-based line the problem was found on, when it concerns one line.
    public var line: Int? {
        if case let .malformed(line, _) = kind { return line }
        return nil
    }

    /// `file: reason` or `file:line: reason`, ready for an `error:` line.
    public var description: String {
        switch kind {
        case let .unreadable(reason):
            return "\(file): cannot read the vocabulary: \(reason)"
        case let .malformed(line, reason):
            return "\(file):\(line): \(reason)"
        case let .missingToken(token):
            return "\(file): the vocabulary has no \(token) token (is this a BERT vocab.txt?)"
        }
    }

    /// The file cannot be opened or is not UTF-8.
    static func unreadable(_ file: String, reason: String) -> TokenizerError {
        TokenizerError(file: file, kind: .unreadable(reason: reason))
    }

    /// A line of the file is not a valid vocabulary entry.
    static func malformed(_ file: String, line: Int, reason: String) -> TokenizerError {
        TokenizerError(file: file, kind: .malformed(line: line, reason: reason))
    }

    /// A token the tokenizer needs ([CLS], [SEP], [UNK], ...) is not in the vocabulary.
    static func missingToken(_ file: String, token: String) -> TokenizerError {
        TokenizerError(file: file, kind: .missingToken(token))
    }
}
