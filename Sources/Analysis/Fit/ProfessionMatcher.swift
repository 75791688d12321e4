import PersonaKit
import TextMetrics

/// Recovers a profession from free text by matching profession names as whole words.
///
/// Each profession contributes its name and the alternatives split on `/` with parenthesised
/// parts removed ("Truck / Delivery Driver" → "truck", "delivery driver"; "Gig Driver (Uber/DoorDash)"
/// → "gig driver"), plus the plural with an "s". The longest phrase found wins; ties go to the
/// heavier profession.
public struct ProfessionMatcher: Sendable {
    private let phrases: [(words: [String], profession: Int)]

    /// A matcher over the given profession entries.
    public init(professions: [WeightedComponent]) {
        var phrases = [(words: [String], profession: Int)]()
        for (index, entry) in professions.enumerated() {
            var text = entry.value
            while let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") {
                text.removeSubrange(open ... close)
            }
            var alternatives = Set(text.split(separator: "/").map { Lexical.words(String($0)) }.filter { !$0.isEmpty })
            alternatives.insert(Lexical.words(text))
            for words in alternatives where !words.isEmpty {
                // A single very common word ("student" is fine, "worker" is not) would match too much.
                if words.count == 1 && Self.tooGeneric.contains(words[0]) { continue }
                phrases.append((words, index))
                var plural = words
                plural[plural.count - 1] += "s"
                phrases.append((plural, index))
            }
        }
        self.phrases = phrases.sorted { $0.words.count != $1.words.count ? $0.words.count > $1.words.count : $0.profession < $1.profession }
    }

    static let tooGeneric: Set<String> = ["worker", "assistant", "manager", "specialist", "representative", "associate", "owner", "other"]

    /// Index of the matched profession, or nil.
    /// - Complexity: O(words · phrases) in the worst case.
    public func match(_ text: String) -> Int? {
        let words = Lexical.words(text)
        guard !words.isEmpty else { return nil }
        var positions = [String: [Int]]()
        for (index, word) in words.enumerated() { positions[word, default: []].append(index) }
        for phrase in phrases {
            guard let starts = positions[phrase.words[0]] else { continue }
            for start in starts where start + phrase.words.count <= words.count {
                if Array(words[start ..< start + phrase.words.count]) == phrase.words { return phrase.profession }
            }
        }
        return nil
    }
}
