/// Word-level text statistics: tokenisation, distinct-n, n-gram counts.
public enum Lexical {
    /// Lower-cased maximal runs of letters and digits (`re.findall(r"[^\W_]+", text.lower())`):
    /// a word character is a Unicode letter (L*) or number (N*), checked per scalar as Python does.
    /// - Complexity: O(length).
    public static func words(_ text: String) -> [String] {
        var result = [String]()
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                if value >= 0x61 && value <= 0x7A || value >= 0x30 && value <= 0x39 {
                    current.append(scalar)
                } else if value >= 0x41 && value <= 0x5A {
                    current.append(Unicode.Scalar(value + 0x20)!)
                } else if !current.isEmpty {
                    result.append(String(current))
                    current = String.UnicodeScalarView()
                }
            } else if isWordScalar(scalar) {
                current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else if !current.isEmpty {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    /// Distinct-n: unique word n-grams over total word n-grams, pooled over all texts
    /// (n-grams never cross texts).
    /// - Returns: `0` when the texts hold no n-gram.
    /// - Complexity: O(total words · n).
    public static func distinct(_ n: Int, in texts: [String]) -> Double {
        distinct(n, tokenized: texts.map(words))
    }

    /// Distinct-n on texts already split into words (see ``distinct(_:in:)``), counted by ``NumberedWords``:
    /// words are numbered and n-grams (n ≤ 3) packed into one `UInt64`, so no array is hashed.
    /// - Complexity: O(total words).
    public static func distinct(_ n: Int, tokenized: [[String]]) -> Double {
        NumberedWords(tokenized).distinct(n)
    }
}
