/// Word-level text statistics: tokenisation, distinct-n, n-gram counts.
public enum Lexical {
    /// Lower-cased maximal runs of letters and digits (`re.findall(r"[^\W_]+", text.lower())`).
    /// - Complexity: O(length).
    public static func words(_ text: String) -> [String] {
        var result = [String]()
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Distinct-n: unique word n-grams over total word n-grams, pooled over all texts
    /// (n-grams never cross texts).
    /// - Returns: `0` when the texts hold no n-gram.
    /// - Complexity: O(total words · n).
    public static func distinct(_ n: Int, in texts: [String]) -> Double {
        precondition(n >= 1, "distinct-n needs n >= 1")
        var unique = Set<[String]>()
        var total = 0
        for text in texts {
            let tokens = words(text)
            guard tokens.count >= n else { continue }
            for start in 0 ... tokens.count - n {
                unique.insert(Array(tokens[start ..< start + n]))
                total += 1
            }
        }
        return total == 0 ? 0 : Double(unique.count) / Double(total)
    }

    /// Distinct-n on texts already split into words (see ``distinct(_:in:)``).
    public static func distinct(_ n: Int, tokenized: [[String]]) -> Double {
        var unique = Set<[String]>()
        var total = 0
        for tokens in tokenized where tokens.count >= n {
            for start in 0 ... tokens.count - n {
                unique.insert(Array(tokens[start ..< start + n]))
                total += 1
            }
        }
        return total == 0 ? 0 : Double(unique.count) / Double(total)
    }
}
