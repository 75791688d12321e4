/// The BERT pre-tokenizer: splits normalized text into words at whitespace (removed) and
/// isolates every punctuation character as a word of its own (`BertPreTokenizer`,
/// the reference's `_run_split_on_punc`).
enum BertPreTokenizer {
    /// Calls `body` with the bounds of each word of `scalars`, in order.
    /// - Parameters:
    ///   - scalars: Normalized text (whitespace already mapped to spaces by the normalizer).
    ///   - body: Receives each word's range in `scalars`; returns false to stop early.
    /// - Complexity: O(n).
    static func forEachWord(in scalars: [Unicode.Scalar], _ body: (Range<Int>) -> Bool) {
        var start = 0
        for index in scalars.indices {
            let scalar = scalars[index]
            if BertNormalizer.isWhitespace(scalar) {
                if start < index, !body(start ..< index) { return }
                start = index + 1
            } else if isPunctuation(scalar) {
                if start < index, !body(start ..< index) { return }
                if !body(index ..< index + 1) { return }
                start = index + 1
            }
        }
        if start < scalars.count { _ = body(start ..< scalars.count) }
    }

    /// The reference's `_is_punctuation`: ASCII 33-47, 58-64, 91-96, 123-126 (so `$`, `+`, `^`,
    /// `` ` `` count although Unicode files them as symbols) or a P* category in ``ReferenceUnicode``.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 33 ... 47, 58 ... 64, 91 ... 96, 123 ... 126: return true
        case 0 ..< 128: return false
        default: break
        }
        switch ReferenceUnicode.generalCategory(of: scalar) {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
