/// The lexical side of the field-aware score: trait sets, background content words, Jaccard.
///
/// Mirrors `Benchmarks/persona-pairs/fit_fields.py` exactly (the fixture test checks it), since the
/// shipped coefficients were fitted on the Python features.
public enum FieldLexicon {
    /// The persona's traits as a set: trimmed, lower-cased, blanks left out.
    public static func traitSet(_ traits: [String]) -> Set<String> {
        Set(traits.map { $0.trimmingWhitespace().lowercased() }.filter { !$0.isEmpty })
    }

    /// The content words of `text`: lower-cased runs of letters and digits, minus ``stopWords``.
    /// - Complexity: O(length of `text`).
    public static func contentWords(_ text: String) -> Set<String> {
        var words = Set<String>()
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                if !stopWords.contains(current) { words.insert(current) }
                current = ""
            }
        }
        if !current.isEmpty, !stopWords.contains(current) { words.insert(current) }
        return words
    }

    /// |a ∩ b| / |a ∪ b|; 0 when both sets are empty (nothing shared is no evidence of a duplicate).
    /// - Complexity: O(|a| + |b|).
    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        let shared = small.reduce(0) { large.contains($1) ? $0 + 1 : $0 }
        let union = a.count + b.count - shared
        return union == 0 ? 0 : Double(shared) / Double(union)
    }
}

extension String {
    /// The string without leading and trailing white space (Unicode `White_Space`, as Python's `strip()`).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first ... last])
    }
}
