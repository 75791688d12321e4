/// Special tokens written literally in the input: like the HF tokenizer, `[CLS]`, `[SEP]`,
/// `[PAD]`, `[UNK]` and `[MASK]` in the raw text (case-sensitive, anywhere, even inside a word)
/// become their ids instead of being normalized, and split the text around them.
extension BertTokenizer {
    /// The special tokens matched in raw text, as scalars, with their ids.
    struct SpecialTokenTable: Sendable {
        let entries: [(scalars: [Unicode.Scalar], id: Int32)]

        /// The tokens among `names` that the vocabulary has, longest first (leftmost-longest match).
        init(names: [String], vocabulary: Vocabulary) {
            entries = names.compactMap { name in vocabulary[name].map { (Array(name.unicodeScalars), $0) } }
                .sorted { $0.scalars.count > $1.scalars.count }
        }

        /// The id and end of the special token starting at `index` of `text`, if any.
        func match(in text: Substring.UnicodeScalarView, at index: Substring.UnicodeScalarView.Index)
            -> (id: Int32, end: Substring.UnicodeScalarView.Index)?
        {
            guard text[index] == "[" else { return nil }
            candidates: for entry in entries {
                var position = index
                for scalar in entry.scalars {
                    guard position < text.endIndex, text[position] == scalar else { continue candidates }
                    position = text.index(after: position)
                }
                return (entry.id, position)
            }
            return nil
        }
    }
}
