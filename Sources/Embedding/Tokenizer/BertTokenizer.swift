import Foundation

/// The BERT WordPiece tokenizer of all-MiniLM-L6-v2 (uncased), giving the same ids as the
/// HF fast tokenizer (`BertTokenizerFast`) with truncation.
///
/// Stages, each in its own file: special tokens in the raw text, ``BertNormalizer`` (cleaning,
/// CJK spacing, accents and lower-casing), ``BertPreTokenizer`` (whitespace and punctuation),
/// ``WordPiece``. Thread-safe: `encode` does not mutate the tokenizer.
public struct BertTokenizer: Sendable {
    /// The vocabulary (`vocab.txt`).
    public let vocabulary: Vocabulary
    /// Whether text is lower-cased and stripped of accents (uncased models).
    public let lowercase: Bool
    /// The most ids `encode` returns, [CLS] and [SEP] included.
    public let maxLength: Int

    private let classifierID: Int32
    private let separatorID: Int32
    let normalizer: BertNormalizer
    let wordPiece: WordPiece
    private let specialTokens: SpecialTokenTable

    /// Loads the vocabulary and prepares the stages.
    /// - Parameters:
    ///   - vocabularyURL: A BERT `vocab.txt` (must contain [CLS], [SEP] and [UNK]).
    ///   - lowercase: Lower-case and strip accents (true for uncased models such as MiniLM).
    ///   - maxLength: Truncation length in ids, [CLS] and [SEP] included (at least 2; MiniLM: 256).
    /// - Throws: ``TokenizerError`` naming the file (and line) when the vocabulary is missing or malformed.
    public init(vocabularyURL: URL, lowercase: Bool = true, maxLength: Int = 256) throws {
        precondition(maxLength >= 2, "maxLength must leave room for [CLS] and [SEP]")
        let vocabulary = try Vocabulary(contentsOf: vocabularyURL)
        func id(_ token: String) throws -> Int32 {
            guard let id = vocabulary[token] else { throw TokenizerError.missingToken(vocabularyURL.path, token: token) }
            return id
        }
        self.vocabulary = vocabulary
        self.lowercase = lowercase
        self.maxLength = maxLength
        classifierID = try id("[CLS]")
        separatorID = try id("[SEP]")
        normalizer = BertNormalizer(lowercase: lowercase)
        wordPiece = WordPiece(vocabulary: vocabulary, unknownID: try id("[UNK]"))
        specialTokens = SpecialTokenTable(names: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], vocabulary: vocabulary)
    }

    /// The token ids of `text`: `[CLS]`, the WordPiece ids truncated to `maxLength - 2`, `[SEP]`.
    /// - Parameter text: Any text; nothing in it can make encoding fail.
    /// - Returns: Between 2 and `maxLength` ids.
    /// - Complexity: O(n) in the length of the text, and no more than the text up to the
    ///   `maxLength`-th id (plus one chunk of about 1,000 scalars) is looked at.
    public func encode(_ text: String) -> [Int32] {
        let limit = maxLength - 2
        var ids: [Int32] = [classifierID]
        ids.reserveCapacity(min(maxLength, text.utf8.count / 3 + 8))
        var normalized: [Unicode.Scalar] = []
        var scratch = WordPiece.Scratch()
        let scalars = Substring(text).unicodeScalars
        var position = scalars.startIndex
        while position < scalars.endIndex, ids.count - 1 < limit {
            // The next chunk: up to a literal special token, or ends after an ASCII whitespace once
            // long enough (every stage treats such a space as a boundary, so chunks are independent).
            var index = position
            var length = 0
            var special: (id: Int32, end: Substring.UnicodeScalarView.Index)?
            while index < scalars.endIndex {
                special = specialTokens.match(in: scalars, at: index)
                if special != nil { break }
                let scalar = scalars[index]
                index = scalars.index(after: index)
                length += 1
                if length >= Self.chunkLength, scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" { break }
            }
            if position < index {
                normalizer.normalize(scalars[position ..< index], into: &normalized)
                BertPreTokenizer.forEachWord(in: normalized) { word in
                    wordPiece.appendIDs(of: normalized[word], to: &ids, scratch: &scratch)
                    return ids.count - 1 < limit
                }
            }
            if let special {
                if ids.count - 1 < limit { ids.append(special.id) }
                position = special.end
            } else {
                position = index
            }
        }
        if ids.count - 1 > limit { ids.removeSubrange((limit + 1)...) }
        ids.append(separatorID)
        return ids
    }

    /// Scalars normalized at a time: bounds the work on long texts whose ids are cut off anyway.
    private static let chunkLength = 1_024
}
