/// WordPiece: greedy longest-match-first sub-words, continuations prefixed with `##`; a word
/// with an unmatched remainder, or longer than `maxCharactersPerWord`, becomes `[UNK]`.
struct WordPiece: Sendable {
    let vocabulary: Vocabulary
    let unknownID: Int32
    /// Longer words (in scalars) are `[UNK]` without trying (the reference's 100).
    let maxCharactersPerWord: Int
    /// The longest vocabulary entry in scalars, `##` excluded: longer candidates cannot match.
    private let longestPiece: Int

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
    /// - Complexity: O(n·L) lookups of at most L scalars, L the longest vocabulary entry.
    func appendIDs(of word: ArraySlice<Unicode.Scalar>, to ids: inout [Int32]) {
        if word.count > maxCharactersPerWord {
            ids.append(unknownID)
            return
        }
        let firstPiece = ids.count
        var start = word.startIndex
        var candidate = String()
        while start < word.endIndex {
            var end = min(word.endIndex, start + longestPiece)
            var match: Int32?
            while end > start {
                candidate.removeAll(keepingCapacity: true)
                if start > word.startIndex { candidate.append("##") }
                candidate.unicodeScalars.append(contentsOf: word[start ..< end])
                if let id = vocabulary[candidate] {
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
