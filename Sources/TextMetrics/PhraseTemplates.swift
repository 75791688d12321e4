/// Recurring phrasing across texts: shared openings, frequent n-grams and one-gap templates.
public enum PhraseTemplates {
    /// A phrase and in how many documents it occurs.
    public struct Phrase: Sendable, Equatable {
        public var phrase: String
        public var documents: Int
    }

    /// The most common openings (first `lengths` words), each counted once per document, longest
    /// kept when a shorter opening has the same documents.
    /// - Complexity: O(documents · lengths).
    public static func openings(_ tokenized: [[String]], lengths: ClosedRange<Int> = 2 ... 4, minimumDocuments: Int = 2, limit: Int = 12) -> [Phrase] {
        var counts = [String: Int]()
        for tokens in tokenized {
            for opening in documentOpenings(tokens, lengths: lengths) { counts[opening, default: 0] += 1 }
        }
        return ranked(counts, minimumDocuments: minimumDocuments, limit: limit)
    }

    /// The openings one document contributes to ``openings(_:lengths:minimumDocuments:limit:)``:
    /// its first `lengths` words, joined by spaces.
    /// - Complexity: O(lengths).
    public static func documentOpenings(_ tokens: [String], lengths: ClosedRange<Int> = 2 ... 4) -> [String] {
        lengths.filter { tokens.count >= $0 }.map { tokens[..<$0].joined(separator: " ") }
    }

    /// The n-grams (`lengths`) in the most documents, ignoring those made only of stop words.
    /// - Complexity: O(total words · lengths).
    public static func ngrams(_ tokenized: [[String]], lengths: ClosedRange<Int> = 3 ... 6, minimumDocuments: Int = 2, limit: Int = 15) -> [Phrase] {
        var counts = [String: Int]()
        for tokens in tokenized {
            for gram in documentNgrams(tokens, lengths: lengths) { counts[gram, default: 0] += 1 }
        }
        return ranked(counts, minimumDocuments: minimumDocuments, limit: limit)
    }

    /// The n-grams one document contributes to ``ngrams(_:lengths:minimumDocuments:limit:)``, each
    /// once: every run of `lengths` words that is not made only of stop words.
    /// - Complexity: O(words · lengths).
    public static func documentNgrams(_ tokens: [String], lengths: ClosedRange<Int> = 3 ... 6) -> Set<String> {
        var seen = Set<String>()
        for length in lengths where tokens.count >= length {
            for start in 0 ... tokens.count - length {
                let gram = tokens[start ..< start + length]
                if gram.allSatisfy({ Lexical.stopWords.contains($0) }) { continue }
                seen.insert(gram.joined(separator: " "))
            }
        }
        return seen
    }

    /// Templates with one wildcard slot (`a former * who now`): 4- and 5-grams with one inner word
    /// replaced by `*`, kept when at least `minimumFillers` different words fill the slot.
    /// - Complexity: O(total words).
    public static func patterns(_ tokenized: [[String]], minimumDocuments: Int = 3, minimumFillers: Int = 3, limit: Int = 12) -> [Phrase] {
        var documents = [String: Int]()
        var fillers = [String: Set<String>]()
        for tokens in tokenized {
            var seen = Set<String>()
            for length in 4 ... 5 where tokens.count >= length {
                for start in 0 ... tokens.count - length {
                    for gap in 1 ..< length - 1 {
                        var words = Array(tokens[start ..< start + length])
                        let filler = words[gap]
                        words[gap] = "*"
                        let fixed = words.filter { $0 != "*" }
                        if fixed.allSatisfy({ Lexical.stopWords.contains($0) }) { continue }
                        let key = words.joined(separator: " ")
                        if seen.insert(key).inserted {
                            fillers[key, default: []].insert(filler)
                        }
                    }
                }
            }
            for key in seen { documents[key, default: 0] += 1 }
        }
        let kept = documents.filter { (fillers[$0.key]?.count ?? 0) >= minimumFillers }
        return ranked(kept, minimumDocuments: minimumDocuments, limit: limit)
    }

    /// Sorted by documents (then longer phrase, then text), preferring the longer of two nested
    /// phrases when it covers at least 90% of the shorter one's documents (so "who now restores
    /// clocks in town" replaces its fragments).
    static func ranked(_ counts: [String: Int], minimumDocuments: Int, limit: Int) -> [Phrase] {
        let sorted = counts.filter { $0.value >= minimumDocuments }
            .sorted { a, b in
                if a.value != b.value { return a.value > b.value }
                if a.key.count != b.key.count { return a.key.count > b.key.count }
                return a.key < b.key
            }
        func contains(_ outer: String, _ inner: String) -> Bool { " \(outer) ".contains(" \(inner) ") }
        var result = [Phrase]()
        for (phrase, documents) in sorted {
            if result.count >= limit, let last = result.last, Double(documents) < 0.9 * Double(last.documents) { break }
            if result.contains(where: { contains($0.phrase, phrase) && Double($0.documents) >= 0.9 * Double(documents) }) { continue }
            let covered = result.indices.filter { contains(phrase, result[$0].phrase) && Double(documents) >= 0.9 * Double(result[$0].documents) }
            if let first = covered.first {
                result[first] = Phrase(phrase: phrase, documents: documents)
                for index in covered.dropFirst().reversed() { result.remove(at: index) }
            } else if result.count < limit {
                result.append(Phrase(phrase: phrase, documents: documents))
            }
        }
        return result
    }
}
