/// The normalizer of the BERT uncased tokenizer, stage by stage as in the HF fast tokenizer
/// (`tokenizers` `BertNormalizer`): text cleaning, CJK ideographs spaced, then (uncased models)
/// NFD with non-spacing marks removed, then lower-casing.
///
/// Works on Unicode scalars (the reference's "chars"), never on `Character`s: the reference
/// splits grapheme clusters such as `e` + U+0301 or emoji with modifiers.
struct BertNormalizer: Sendable {
    /// Whether to strip accents and lower-case (the `do_lower_case` of uncased models).
    let lowercase: Bool

    /// Normalizes `text` into `output` (cleared first).
    /// - Parameters:
    ///   - text: A chunk of the input (never spanning a literal special token).
    ///   - output: Receives the normalized scalars; passed in so callers can reuse its storage.
    /// - Complexity: O(n) in the number of scalars.
    func normalize(_ text: Substring.UnicodeScalarView, into output: inout [Unicode.Scalar]) {
        output.removeAll(keepingCapacity: true)
        var isASCII = true
        for scalar in text {
            if scalar.isASCII {
                if Self.isDropped(scalar) { continue }
                output.append(Self.isWhitespace(scalar) ? " " : scalar)
                continue
            }
            isASCII = false
            if Self.isDropped(scalar) { continue }
            if Self.isWhitespace(scalar) {
                output.append(" ")
            } else if Self.isChineseCharacter(scalar) {
                output.append(" ")
                output.append(scalar)
                output.append(" ")
            } else {
                output.append(scalar)
            }
        }
        guard lowercase else { return }
        if isASCII {
            Self.lowercaseASCII(&output)
        } else {
            Self.stripAccentsAndLowercase(&output)
        }
    }
}
