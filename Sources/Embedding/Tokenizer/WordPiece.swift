/// WordPiece: greedy longest-match-first sub-words, continuations prefixed with `##`; a word
/// with an unmatched remainder, or longer than `maxCharactersPerWord`, becomes `[UNK]`.
struct WordPiece: Sendable {
    let vocabulary: Vocabulary
    let unknownID: Int32
    /// Longer words (in scalars) are `[UNK]` without trying (the reference's 100).
    let maxCharactersPerWord: Int
    /// The longest vocabulary entry in scalars, `##` excluded: longer candidates cannot match.
    private let longestPiece: Int

    /// Reusable buffers, so encoding a word allocates nothing but (rarely) long candidate strings.
    struct Scratch {
        /// The word's UTF-8 bytes.
        fileprivate var bytes: [UInt8] = []
        /// `offsets[i]`: where scalar `i` starts in `bytes`; one extra entry for the end.
        fileprivate var offsets: [Int] = []
        /// The candidate piece being looked up (`##` + bytes).
        fileprivate var candidate: [UInt8] = []
    }

    init(vocabulary: Vocabulary, unknownID: Int32, maxCharactersPerWord: Int = 100) {
        self.vocabulary = vocabulary
        self.unknownID = unknownID
        self.maxCharactersPerWord = maxCharactersPerWord
        longestPiece = vocabulary.tokens.reduce(0) { longest, token in
            let count = token.unicodeScalars.count - (token.hasPrefix("##") ? 2 : 0)
            return max(longest, count)
        }
    }

    /// Appends the ids of `word`'s pieces to `ids`.
    /// - Parameters:
    ///   - word: One pre-tokenized word (no whitespace; a punctuation mark alone).
    ///   - ids: The ids so far.
    ///   - scratch: Buffers reused across words.
    /// - Complexity: O(n·L) lookups of at most L scalars, L the longest vocabulary entry.
    func appendIDs(of word: ArraySlice<Unicode.Scalar>, to ids: inout [Int32], scratch: inout Scratch) {
        if word.count > maxCharactersPerWord {
            ids.append(unknownID)
            return
        }
        scratch.bytes.removeAll(keepingCapacity: true)
        scratch.offsets.removeAll(keepingCapacity: true)
        for scalar in word {
            scratch.offsets.append(scratch.bytes.count)
            if scalar.isASCII {
                scratch.bytes.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                UTF8.encode(scalar) { scratch.bytes.append($0) }
            }
        }
        scratch.offsets.append(scratch.bytes.count)

        let firstPiece = ids.count
        let scalarCount = word.count
        var start = 0
        while start < scalarCount {
            var end = min(scalarCount, start + longestPiece)
            var match: Int32?
            while end > start {
                scratch.candidate.removeAll(keepingCapacity: true)
                if start > 0 { scratch.candidate.append(contentsOf: [0x23, 0x23]) }
                scratch.candidate.append(contentsOf: scratch.bytes[scratch.offsets[start] ..< scratch.offsets[end]])
                if let id = vocabulary[String(decoding: scratch.candidate, as: UTF8.self)] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else {
                ids.removeSubrange(firstPiece...)
                ids.append(unknownID)
                return
            }
            ids.append(match)
            start = end
        }
    }
}
