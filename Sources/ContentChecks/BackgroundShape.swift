import PersonaKit
import TextMetrics

/// What a background must be: one or two finished sentences about a person, not a stand-in.
enum BackgroundShape {
    /// The first shape rule `background` breaks (placeholder, name, job title, too short, unfinished),
    /// with a message, or nil.
    static func problem(_ background: String, mask: NameMask, jobTitles: Set<String>, enabled: Set<ContentRule>) -> (ContentRule, String)? {
        let text = background.trimmingCharacters(in: .whitespacesAndNewlines)
        let words = Lexical.words(text)
        if enabled.contains(.backgroundPlaceholder), isPlaceholder(words) { return (.backgroundPlaceholder, "a placeholder, not a background") }
        if enabled.contains(.backgroundIsName), mask.isOnlyName(text) { return (.backgroundIsName, "only the persona's name") }
        if enabled.contains(.backgroundJobTitle), isJobTitle(text, words: words, jobTitles: jobTitles) { return (.backgroundJobTitle, "a bare job title") }
        let count = WrittenWords.count(words)
        if enabled.contains(.backgroundTooShort), count < ContentChecker.minimumBackgroundWords {
            return (.backgroundTooShort, "\(count) words, fewer than \(ContentChecker.minimumBackgroundWords)")
        }
        if enabled.contains(.backgroundUnfinished), !endsSentence(text) { return (.backgroundUnfinished, "does not end a sentence (cut off or a fragment)") }
        return nil
    }

    /// Whether `text` ends with sentence punctuation, optionally followed by closing quotes or brackets
    /// (`."`, `!)`, `…`), or with an emoji after a finished sentence. Thai and Lao mark no sentence end,
    /// so text ending in those scripts counts as finished.
    static func endsSentence(_ text: String) -> Bool {
        var characters = Substring(text)
        while let last = characters.last, closers.contains(last) || last.isWhitespace || isEmoji(last) { characters = characters.dropLast() }
        guard let last = characters.last else { return false }
        return enders.contains(last) || last.unicodeScalars.first.map(WrittenWords.endsWithoutPunctuation) == true
    }

    static let enders: Set<Character> = [".", "!", "?", "…", "。", "！", "？", "।", "။", "។", "؟", "۔"]
    static let closers: Set<Character> = ["\"", "'", "”", "’", ")", "]", "»"]

    static func isEmoji(_ character: Character) -> Bool {
        character.unicodeScalars.contains { $0.properties.isEmojiPresentation || ($0.properties.isEmoji && $0.value > 0x2000) }
    }

    /// Placeholders a model writes when it has nothing to say, compared word by word.
    static let placeholders: Set<[String]> = Set("""
    none|n a|na|nil|null|unknown|not available|not applicable|not specified|unspecified|not provided|none provided|\
    no background|no background provided|no background available|no information|no info|no details|no data|tbd|\
    to be determined|tba|background|placeholder|lorem ipsum|empty|blank|nothing|string|text|background text|\
    insert background here|your background here|redacted
    """.split(separator: "|").map { Lexical.words(String($0)) })

    static func isPlaceholder(_ words: [String]) -> Bool {
        words.isEmpty || placeholders.contains(words)
    }

    /// A bare job title: a known profession (case aside), or a short title-case phrase with no sentence
    /// end and no verb-like lower-case word ("Full-Time College Student", "Correctional Officer").
    static func isJobTitle(_ text: String, words: [String], jobTitles: Set<String>) -> Bool {
        guard !words.isEmpty, words.count <= 6 else { return false }
        if jobTitles.contains(words.joined(separator: " ")) { return true }
        guard !endsSentence(text) else { return false }
        let tokens = text.split(whereSeparator: { $0.isWhitespace || $0 == "/" || $0 == "&" || $0 == "," })
        return tokens.allSatisfy { token in
            guard let first = token.first(where: { $0.isLetter || $0.isNumber }) else { return true }
            return first.isUppercase || first.isNumber || titleConnectors.contains(token.lowercased())
        }
    }

    static let titleConnectors: Set<String> = ["of", "and", "or", "the", "a", "an", "in", "for", "at", "to", "on"]
}
